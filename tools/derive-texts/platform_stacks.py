"""The QUIC and platform stacks' derivations (issue 11 items 1 and 5), one module each: quic, chrome, erlang, bc, ...

Each module has derive(versions, out); derive.py gets one --<stack> VERSION=DIR option per module from here.
"""
import importlib

MODULES = ["quic", "chrome", "erlang", "bc", "apple", "schannel", "dotnet", "android"]


def _present():
    out = []
    for name in MODULES:
        try:
            out.append((name, importlib.import_module(name)))
        except ModuleNotFoundError:
            pass
    return out


def add_options(ap):
    for name, mod in _present():
        ap.add_argument("--" + name, action="append", metavar="VERSION=DIR", help=(mod.__doc__ or "").split("\n")[0])


def run(args, pairs):
    for name, mod in _present():
        vs = getattr(args, name)
        if vs:
            mod.derive(pairs(vs), args.out)
