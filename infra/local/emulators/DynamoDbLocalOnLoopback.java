import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts Amazon's DynamoDB Local listening on 127.0.0.1 only. Its own main() has no host option and Jetty then binds
 * every interface, which would put the whole local table on the laptop's network. Run by the Java launcher straight
 * from source (`java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* DynamoDbLocalOnLoopback.java -port N ...`), so nothing
 * is compiled into the repo. Takes DynamoDB Local's own command-line options.
 */
public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is a private field with no accessor; its connectors are created but not yet bound.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }
}
