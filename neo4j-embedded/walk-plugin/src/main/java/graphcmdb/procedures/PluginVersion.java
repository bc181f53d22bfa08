package graphcmdb.procedures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Stream;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Procedure;

/**
 * Which graph-cmdb walk plugin this server loaded: graph-cmdb uses the walk only when the plugin's
 * version is its own (the walk's answer is part of the product), and says which walk it uses.
 */
public final class PluginVersion {
  private static final Properties BUILD = read();

  /** One row: the plugin's version and the Neo4j version it was compiled against. */
  public static final class Row {
    public String version;
    public String neo4jVersion;
  }

  @Procedure(name = "graphcmdb.plugin.version", mode = Mode.READ)
  @Description(
      "graph-cmdb's walk plugin: its version (graph-cmdb's) and the Neo4j version it was built"
          + " against.")
  public Stream<Row> version() {
    Row row = new Row();
    row.version = BUILD.getProperty("version");
    row.neo4jVersion = BUILD.getProperty("neo4j.version");
    return Stream.of(row);
  }

  private static Properties read() {
    Properties p = new Properties();
    try (InputStream in = PluginVersion.class.getResourceAsStream("/graphcmdb-walk.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
