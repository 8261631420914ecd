import dev.herald.adapter.mongo.EmbeddedMongoServer;

import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server (mongo-java-server, H2 file) as its own process, for benchmarks of
 * the "MongoDB + Redis" mode on a machine without mongod: java -cp CLASSPATH ExternalMongo.java DIR PORT
 */
public class ExternalMongo {
    public static void main(String[] args) throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("ready " + server.connectionUri());
        Thread.currentThread().join();
    }
}
