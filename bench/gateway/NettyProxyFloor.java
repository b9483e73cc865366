import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of a proxy built on Netty's HTTP codecs with nothing of Vert.x: decodes the request into Netty's
 * HTTP objects, passes them to a keep-alive upstream connection of the same event loop (a pool per loop) and the
 * reply's objects back. No routing, limits, metrics or timeouts. Used by versus-nginx.sh beside the Vert.x floor to
 * show what the HTTP layer under the gateway costs when it is Netty alone.
 *
 * <p>{@code java -cp "runtime/target/quarkus-app/lib/main/*" bench/gateway/NettyProxyFloor.java PORT UPSTREAM_PORT LOOPS}
 */
public class NettyProxyFloor {

    /** Idle upstream connections of each event loop; touched only on that loop. */
    private static final Map<EventLoop, ArrayDeque<Channel>> IDLE = new IdentityHashMap<>();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(args[2]);
        NioEventLoopGroup group = new NioEventLoopGroup(loops);
        group.forEach(executor -> IDLE.put((EventLoop) executor, new ArrayDeque<>()));
        Bootstrap upstream = new Bootstrap().channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress("127.0.0.1", upstreamPort)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new Reply());
                    }
                });
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new Forward(upstream));
                    }
                }).bind("127.0.0.1", port).sync();
        System.out.println("netty floor on :" + port);
    }

    /** The client's side: each request's objects go to one upstream connection, taken when its head arrives. */
    static final class Forward extends ChannelInboundHandlerAdapter {
        private final Bootstrap bootstrap;
        private Channel upstream;
        /** Objects that arrived while the upstream connection was being made. */
        private List<Object> pending;

        Forward(Bootstrap bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest) {
                Channel idle = IDLE.get(ctx.channel().eventLoop()).pollLast();
                if (idle != null && idle.isActive()) {
                    upstream = idle;
                    upstream.pipeline().get(Reply.class).client = ctx.channel();
                } else {
                    pending = new ArrayList<>();
                    ChannelFuture connecting = bootstrap.clone(ctx.channel().eventLoop()).connect();
                    upstream = connecting.channel();
                    upstream.pipeline().get(Reply.class).client = ctx.channel();
                    connecting.addListener(done -> {
                        List<Object> queued = pending;
                        pending = null;
                        if (!done.isSuccess()) {
                            queued.forEach(ReferenceCountUtil::release);
                            ctx.close();
                            return;
                        }
                        for (Object object : queued) {
                            upstream.write(object, upstream.voidPromise());
                        }
                        upstream.flush();
                    });
                }
            }
            if (pending != null) {
                pending.add(msg);
            } else if (msg instanceof LastHttpContent) {
                upstream.writeAndFlush(msg, upstream.voidPromise());
            } else {
                upstream.write(msg, upstream.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The upstream side: relays the reply's objects to the client and goes back to its loop's pool at the end. */
    static final class Reply extends ChannelInboundHandlerAdapter {
        Channel client;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpObject) || client == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof LastHttpContent) {
                client.writeAndFlush(msg, client.voidPromise());
                client = null;
                IDLE.get(ctx.channel().eventLoop()).addLast(ctx.channel());
            } else {
                client.write(msg, client.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
