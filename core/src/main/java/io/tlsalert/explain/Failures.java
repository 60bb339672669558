package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Failures without a named alert: the classes and their keyword rules ({@code failure-classes.tsv}) and the texts the
 * stacks print for them ({@code failures.tsv}); the one loader of both files.
 *
 * <p>Every no-alert text, wherever it was found (a failures.tsv row, a derived table's {@code none} row, a pattern of
 * kind {@code none}), is put in a class by the same keyword rules, so a new stack's table needs no per-row edit.
 */
public final class Failures {
    /** The class every text lands in when no other rule matches it. */
    public static final String GENERIC = "generic";

    /** The text parts each class has in every language. */
    public static final List<String> TEXT_PARTS = List.of("title", "meaning", "causes", "confirm", "fix");

    /** A keyword rule: the stacks it applies to (empty: all) and its regex (empty: matches every text). */
    private record Rule(FailureClass cls, Set<String> stacks, java.util.Optional<java.util.regex.Pattern> keywords) {
        boolean matches(String stack, String text) {
            return (stacks.isEmpty() || stacks.contains(stack))
                    && keywords.map(k -> k.matcher(text).find()).orElse(true);
        }
    }

    /**
     * One failure text a stack prints (a row of failures.tsv).
     *
     * @param id      stable id
     * @param stack   the stack that prints it
     * @param anchor  a literal every match contains
     * @param regex   what is matched
     * @param example a line the stack prints
     * @param expect  the class the example lands in (checked by the tests)
     * @param source  where the text was read
     */
    public record Text(
            String id,
            String stack,
            String anchor,
            java.util.regex.Pattern regex,
            String example,
            String expect,
            String source) {}

    private final List<Rule> rules;
    private final List<Text> texts;

    private Failures(List<Rule> rules, List<Text> texts) {
        this.rules = List.copyOf(rules);
        this.texts = List.copyOf(texts);
    }

    static Failures load(AlertRegistry registry, Stacks stacks) {
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "failure-classes.tsv", 5)) {
            String id = row.cell(0);
            if (!ids.add(id)) {
                throw row.error("duplicate class '" + id + "'");
            }
            boolean unnamed = switch (row.cell(1)) {
                case "none" -> false;
                case "unnamed", "unnamed-received" -> true;
                default ->
                    throw row.error("alert must be none, unnamed or unnamed-received, not '" + row.cell(1) + "'");
            };
            Direction direction = row.cell(1).equals("unnamed-received") ? Direction.RECEIVED : Direction.UNKNOWN;
            List<Integer> maybe = new ArrayList<>();
            if (!row.cell(2).equals("-")) {
                for (String c : row.cell(2).split(",")) {
                    int code;
                    try {
                        code = Integer.parseInt(c.strip());
                    } catch (NumberFormatException e) {
                        throw row.error("maybe: '" + c + "' is not a code");
                    }
                    if (registry.byCode(code).isEmpty()) {
                        throw row.error("maybe: " + code + " is not an assigned alert");
                    }
                    maybe.add(code);
                }
            }
            Set<String> only = new HashSet<>();
            if (!row.cell(3).equals("*")) {
                for (String s : row.cell(3).split("\\|")) {
                    if (stacks.byId(s).isEmpty()) {
                        throw row.error("unknown stack '" + s + "'");
                    }
                    only.add(s);
                }
            }
            java.util.Optional<java.util.regex.Pattern> kw = java.util.Optional.empty();
            if (!row.cell(4).equals("-")) {
                try {
                    kw = java.util.Optional.of(
                            java.util.regex.Pattern.compile(row.cell(4), java.util.regex.Pattern.CASE_INSENSITIVE));
                } catch (PatternSyntaxException e) {
                    throw row.error("bad regex: " + e.getDescription());
                }
            }
            rules.add(new Rule(new FailureClass(id, unnamed, maybe, direction), only, kw));
        }
        if (rules.isEmpty()
                || !rules.get(rules.size() - 1).cls().id().equals(GENERIC)
                || rules.get(rules.size() - 1).keywords().isPresent()) {
            throw new IllegalStateException("failure-classes.tsv: the last class must be '" + GENERIC + "' with '-'");
        }
        List<Text> texts = new ArrayList<>();
        Set<String> textIds = new HashSet<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "failures.tsv", 7)) {
            String id = row.cell(0);
            if (!textIds.add(id)) {
                throw row.error("duplicate id '" + id + "'");
            }
            String stack = stacks.idIn(row, 1);
            String anchor = row.cell(2);
            if (anchor.length() < 2 || !anchor.chars().allMatch(ch -> ch < 0x80)) {
                throw row.error("anchor must be ASCII, at least 2 bytes");
            }
            java.util.regex.Pattern regex;
            try {
                regex = java.util.regex.Pattern.compile(row.cell(3));
            } catch (PatternSyntaxException e) {
                throw row.error("bad regex: " + e.getDescription());
            }
            if (!row.cell(4).contains(anchor)) {
                throw row.error("example does not contain the anchor '" + anchor + "'");
            }
            if (!ids.contains(row.cell(5))) {
                throw row.error("expect: unknown class '" + row.cell(5) + "'");
            }
            texts.add(new Text(id, stack, anchor, regex, row.cell(4), row.cell(5), row.cell(6)));
        }
        return new Failures(rules, texts);
    }

    /** The class of a no-alert text printed by {@code stack}: the first rule that matches it ({@link #GENERIC} at worst). */
    public FailureClass classify(String stack, String text) {
        for (Rule r : rules) {
            if (r.matches(stack, text)) {
                return r.cls();
            }
        }
        throw new IllegalStateException("unreachable: the generic class matches every text");
    }

    /** Every class, in the order their rules are tried. */
    public List<FailureClass> classes() {
        List<FailureClass> l = new ArrayList<>();
        for (Rule r : rules) {
            l.add(r.cls());
        }
        return l;
    }

    /** The class with this id. */
    public java.util.Optional<FailureClass> byId(String id) {
        for (Rule r : rules) {
            if (r.cls().id().equals(id.toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(r.cls());
            }
        }
        return java.util.Optional.empty();
    }

    /** The failure texts of failures.tsv, in the order they are tried. */
    public List<Text> texts() {
        return texts;
    }
}
