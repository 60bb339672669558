package io.tlsalert.capture.scan;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.tlsalert.testkit.Ports;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real QUIC peers for the scan tests: netty's QUIC codec over Cloudflare's quiche and BoringSSL (native, from Maven
 * Central; test scope only), a server on 127.0.0.1 that echoes each stream and a client that connects, sends a line
 * and waits for it back. Each side's TLS secrets can be written to a key log (BoringSSL's SSLKEYLOGFILE lines).
 */
final class QuicPeers implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /**
     * The echo server: {@code alpn} offered, {@code retry}: a Retry before the handshake (an address token),
     * {@code clientCa}: a client certificate it issued is required (null: none asked for).
     */
    Channel server(int port, File cert, File key, String alpn, boolean retry, File clientCa)
            throws InterruptedException {
        QuicSslContextBuilder sb =
                QuicSslContextBuilder.forServer(key, null, cert).applicationProtocols(alpn);
        if (clientCa != null) {
            // A client certificate is required, issued by clientCa.
            sb.trustManager(clientCa).clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE);
        }
        QuicSslContext ctx = sb.build();
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder()
                .sslContext(ctx)
                .maxIdleTimeout(5, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 16)
                .initialMaxStreamDataBidirectionalRemote(1 << 16)
                .initialMaxStreamsBidirectional(8)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext c, Object msg) {
                                c.writeAndFlush(msg); // echo
                            }
                        });
                    }
                });
        if (retry) {
            builder.tokenHandler(InsecureQuicTokenHandler.INSTANCE); // no token handler: no Retry
        }
        ChannelHandler codec = builder.build();
        return new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(codec)
                .bind(new InetSocketAddress(Ports.LOOPBACK, port))
                .sync()
                .channel();
    }

    /**
     * Connects to {@code port} with {@code sni} and {@code alpn}, trusting only {@code trust}; on success sends a
     * line on a stream, waits for its echo and closes (application error 0). Returns the failure, or null.
     */
    Throwable client(int port, String sni, String alpn, File trust, Path keyLog) throws Exception {
        QuicSslContextBuilder b =
                QuicSslContextBuilder.forClient().trustManager(trust).applicationProtocols(alpn);
        if (keyLog != null) {
            b.keylog((engine, line) -> {
                try {
                    Files.writeString(keyLog, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        QuicSslContext ctx = b.build();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslEngineProvider(q -> ctx.newEngine(q.alloc(), sni, port))
                .maxIdleTimeout(5, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 16)
                .initialMaxStreamDataBidirectionalRemote(1 << 16)
                .build();
        Channel udp = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(codec)
                .bind(new InetSocketAddress(Ports.LOOPBACK, 0))
                .sync()
                .channel();
        try {
            QuicChannel q;
            try {
                q = QuicChannel.newBootstrap(udp)
                        .handler(new ChannelInboundHandlerAdapter())
                        .remoteAddress(new InetSocketAddress(Ports.LOOPBACK, port))
                        .connect()
                        .get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // Closing the socket at once would drop the CONNECTION_CLOSE quiche still has to send.
                Thread.sleep(1000);
                return e.getCause();
            }
            CompletableFuture<String> echo = new CompletableFuture<>();
            // A server that refuses after the client's Finished (TLS 1.3: the client is done first) closes the
            // connection instead of echoing.
            q.closeFuture()
                    .addListener(f -> echo.completeExceptionally(new java.io.IOException("closed by the server")));
            try {
                QuicStreamChannel s = q.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext c, Object msg) {
                                ByteBuf bb = (ByteBuf) msg;
                                echo.complete(bb.toString(StandardCharsets.US_ASCII));
                                bb.release();
                            }
                        })
                        .sync()
                        .getNow();
                s.writeAndFlush(Unpooled.copiedBuffer("ping\n", StandardCharsets.US_ASCII));
                String got = echo.get(10, TimeUnit.SECONDS);
                if (!got.equals("ping\n")) {
                    return new AssertionError("echo was " + got);
                }
            } catch (Exception e) {
                return e;
            }
            q.close().sync();
            return null;
        } finally {
            udp.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
