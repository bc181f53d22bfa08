package graphcmdb.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts Neo4j Community in this JVM with Bolt on 127.0.0.1 and prints one line
 * {@code GRAPH_CMDB_NEO4J_READY bolt://127.0.0.1:PORT} once the database answers.
 *
 * <p>Procedures come from a plugins folder ({@code --plugins}, else {@code HOME/plugins}) as on a
 * stock server: graph-cmdb's walk is the {@code graph-cmdb-walk-<version>.jar} placed there, never
 * a class of this launcher; an empty folder gives a Neo4j without it.
 *
 * <p>With {@code --password-file}, Bolt requires the user {@code neo4j} with the password in that
 * file. A password this store has not applied yet (a new store, a store from before passwords, a
 * new file) is set with Bolt closed first, so no client ever meets the default password.
 *
 * <p>It stops cleanly on SIGTERM and also when its standard input closes, so that it never
 * outlives the Node process that started it, even when that process is killed.
 */
public final class EmbeddedNeo4j {
  /** Transaction logs kept when neo4j.conf does not say: two days, but never over 1 GiB. */
  static final String TX_LOG_RETENTION = "2 days 1G";

  private EmbeddedNeo4j() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    Path home = Path.of(required(opts, "home")).toAbsolutePath();
    int port = Integer.parseInt(required(opts, "port"));
    long pageCacheMb = Long.parseLong(opts.getOrDefault("pagecache-mb", "256"));
    long txTimeoutSeconds = Long.parseLong(opts.getOrDefault("tx-timeout-seconds", "120"));

    String passwordFile = opts.get("password-file");
    String password = passwordFile == null ? null : Files.readString(Path.of(passwordFile)).trim();

    Path plugins = Path.of(opts.getOrDefault("plugins", home.resolve("plugins").toString()));

    long started = System.nanoTime();
    if (password != null) applyPasswordIfNew(home, pageCacheMb, password);
    DatabaseManagementService dbms =
        builder(home, pageCacheMb, txTimeoutSeconds, password != null)
            // the plugins a stock server would load from its plugins/ folder (the walk's jar)
            .setConfig(GraphDatabaseSettings.plugin_dir, plugins.toAbsolutePath())
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .build();

    Thread stopper = new Thread(() -> shutdown(dbms), "graph-cmdb-neo4j-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);

    GraphDatabaseAPI db =
        (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
      System.err.println("GRAPH_CMDB_NEO4J_FAILED database did not become available");
      System.exit(2);
    }
    waitForPort(port, Duration.ofMinutes(1));
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("GRAPH_CMDB_NEO4J_READY bolt://127.0.0.1:" + port + " " + ms + "ms");
    System.out.flush();

    // The parent holds our stdin open; EOF means it is gone, so we go too.
    if (!"false".equals(opts.get("watch-stdin"))) {
      InputStream in = System.in;
      byte[] buf = new byte[256];
      try {
        while (in.read(buf) >= 0) {
          // discard
        }
      } catch (IOException ignored) {
        // stdin broken: the parent is gone
      }
      System.exit(0);
    } else {
      Thread.currentThread().join();
    }
  }

  private static DatabaseManagementServiceBuilder builder(
      Path home, long pageCacheMb, long txTimeoutSeconds, boolean auth) {
    DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
    // an operator's own Neo4j settings (memory pools, timeouts …), under the ones below
    Path conf = home.resolve("conf").resolve("neo4j.conf");
    Properties own = new Properties();
    if (Files.isRegularFile(conf)) {
      builder.loadPropertiesFromFile(conf);
      try (InputStream in = Files.newInputStream(conf)) {
        own.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // Transaction logs serve recovery only here (Community has no online backup and no cluster);
    // Neo4j's default keeps them two days whatever their size, which after a 1M-CI import was
    // most of the store's disk (ADR 020). Keep at most 1 GiB, unless the operator says otherwise.
    if (!own.containsKey(GraphDatabaseSettings.keep_logical_logs.name())) {
      builder.setConfig(GraphDatabaseSettings.keep_logical_logs, TX_LOG_RETENTION);
    }
    return builder
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(GraphDatabaseSettings.auth_enabled, auth)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds))
        .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
        // Bolt otherwise waits about 10 s on shutdown for clients that have already gone.
        .setConfig(
            BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
        .setConfig(
            BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500));
  }

  /**
   * Sets the password of {@code neo4j} with Bolt closed, unless this store already applied this
   * very password (a digest of it is kept beside the store, readable by its owner only).
   */
  private static void applyPasswordIfNew(Path home, long pageCacheMb, String password)
      throws IOException, NoSuchAlgorithmException {
    Path applied = home.resolve("neo4j-password.applied");
    String digest =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
    if (Files.exists(applied) && Files.readString(applied).trim().equals(digest)) return;
    // a generous timeout: on a loaded machine this one statement has taken over a minute
    DatabaseManagementService setup =
        builder(home, Math.min(pageCacheMb, 64), 600, true)
            .setConfig(BoltConnector.enabled, false)
            .build();
    try {
      setup
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password));
    } finally {
      setup.shutdown();
    }
    Files.deleteIfExists(applied);
    Files.createFile(
        applied,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(applied, digest + "\n");
    System.err.println("GRAPH_CMDB_NEO4J_PASSWORD_APPLIED");
  }

  private static synchronized void shutdown(DatabaseManagementService dbms) {
    try {
      dbms.shutdown();
      System.err.println("GRAPH_CMDB_NEO4J_STOPPED");
    } catch (RuntimeException e) {
      System.err.println("GRAPH_CMDB_NEO4J_STOP_FAILED " + e);
    }
  }

  private static void waitForPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    System.err.println("GRAPH_CMDB_NEO4J_FAILED bolt port " + port + " did not open");
    System.exit(3);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got: " + a);
      }
      out.put(a.substring(2), args[++i]);
    }
    return out;
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }
}
