package io.pigeonim.bench.baseline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/** An embedded Tomcat on a free loopback port whose {@code /echo} WebSocket sends every text frame back as it is. */
final class EchoServer implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final File baseDir;
    private final int port;

    EchoServer() throws IOException, LifecycleException, DeploymentException {
        this(context -> {
        }, List.of());
    }

    /**
     * With what a test adds: {@code servlets} mapped before the start (a path without an endpoint reaches them), and
     * {@code endpoints} beside {@code /echo}.
     */
    EchoServer(Consumer<Context> servlets, List<ServerEndpointConfig> endpoints)
            throws IOException, LifecycleException, DeploymentException {
        Logger.getLogger("org.apache").setLevel(Level.WARNING);
        baseDir = Files.createTempDirectory("pigeon-bench-echo").toFile();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.getAbsolutePath());
        if (context instanceof StandardContext standard) {
            // leak detection at stop needs --add-opens and only warns: nothing of ours is redeployed
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        context.addServletContainerInitializer(new WsSci(), null);
        // upgrades pass through WsFilter, which needs some servlet mapped to run at all
        Tomcat.addServlet(context, "default", new HttpServlet() {
            private static final long serialVersionUID = 1L;
        });
        context.addServletMappingDecoded("/", "default");
        servlets.accept(context);
        tomcat.start();
        ServerContainer container = (ServerContainer) context.getServletContext()
                .getAttribute(ServerContainer.class.getName());
        container.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, "/echo").build());
        for (ServerEndpointConfig endpoint : endpoints) {
            container.addEndpoint(endpoint);
        }
        port = connector.getLocalPort();
    }

    int port() {
        return port;
    }

    /**
     * Sends each text frame back on the same session, in order; a {@code ping} gets a {@code pong}, so that the
     * client connects exactly as it does to the gateway.
     */
    public static final class Echo extends Endpoint {
        private static final String PING = FrameCodec.encode(new ClientFrame.Ping());
        private static final String PONG = FrameCodec.encode(new ServerFrame.Pong());

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(PING.equals(text) ? PONG : text);
                } catch (IOException e) {
                    // the client went away: nothing to answer
                }
            });
        }
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
