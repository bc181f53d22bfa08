package graphcmdb.procedures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.internal.kernel.api.RelationshipTraversalCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.token.api.TokenConstants;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.values.storable.NumberValue;
import org.neo4j.values.storable.TextValue;
import org.neo4j.values.storable.Value;

/**
 * The impact walk inside Neo4j: the same breadth-first walk as the application's level-by-level
 * Cypher walk (cypher/impact/expand-frontier.cypher), in one call. From the roots it follows
 * relationships in force (no {@code validTo}) of the {@code incoming} types against their arrow
 * and of the {@code outgoing} types along it, never into a retired CI, never visiting a CI twice;
 * the first discovery of a CI gives its minimum distance and a parent on one shortest path.
 *
 * <p>Each CI reached is one row, roots (distance 0) first, then in discovery order, with every
 * walk edge that reached it ({@code causes}/{@code causeTypes}: from an expanded CI to it) and,
 * for redundancy groups, the members in force. The cost is the relationships of the CIs touched:
 * nothing here looks at the rest of the graph.
 *
 * <p>It reads through the kernel's cursors (one set per call, reused for every CI and
 * relationship), which see the calling transaction's own uncommitted writes, as Cypher does.
 */
public final class ImpactWalk {
  private static final String RETIRED = "RETIRED";

  @Context public Transaction tx;

  /** One CI the walk reached (a row of the procedure's result). */
  public static final class Reached {
    public String id;
    public String key;
    public String ciType;
    public Long criticality;
    public Long minimumMembers;
    /** Members in force of a redundancy group (null for a CI that is not one). */
    public Long totalMembers;

    public long distance;
    /** The CI it was first reached from (null for a root). */
    public String parent;

    public String parentType;
    /** The relationship types of the edges that reached it at its minimum distance. */
    public List<String> reachedThrough;
    /** Every walk edge into it: the CI expanded and the relationship's type. */
    public List<String> causes;

    public List<String> causeTypes;
    /** The node cap stopped the walk (the same on every row). */
    public boolean truncated;
  }

  /** The walk's state for one CI. */
  private static final class Visit {
    final long nodeId;
    final Reached row = new Reached();
    final LinkedHashSet<String> through = new LinkedHashSet<>();
    boolean walkable;

    Visit(long nodeId) {
      this.nodeId = nodeId;
    }
  }

  @Procedure(name = "graphcmdb.impact.walk", mode = Mode.READ)
  @Description(
      "graphcmdb.impact.walk(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource,"
          + " maxDepth, nodeCap, target) - breadth-first impact walk: one row per CI reached")
  public Stream<Reached> walk(
      @Name("rootIds") List<String> rootIds,
      @Name("rootKeys") List<String> rootKeys,
      @Name("incoming") List<String> incoming,
      @Name("outgoing") List<String> outgoing,
      @Name("groupIsTarget") List<String> groupIsTarget,
      @Name("groupIsSource") List<String> groupIsSource,
      @Name("maxDepth") long maxDepth,
      @Name("nodeCap") long nodeCap,
      @Name(value = "target", defaultValue = "null") String target) {
    KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
    try (Walker walker = new Walker(ktx)) {
      return walker.walk(
          rootIds,
          rootKeys,
          walker.types(incoming, Direction.INCOMING),
          walker.types(outgoing, Direction.OUTGOING),
          walker.types(groupIsTarget, Direction.INCOMING),
          walker.types(groupIsSource, Direction.OUTGOING),
          maxDepth,
          nodeCap,
          target);
    }
  }

  /** Relationship types followed one way: kernel ids and names (types never created left out). */
  private record Followed(RelationshipSelection selection, Map<Integer, String> names) {
    boolean none() {
      return names.isEmpty();
    }
  }

  /** One walk's cursors and tokens. */
  private final class Walker implements AutoCloseable {
    private final KernelTransaction ktx;
    private final Read read;
    private final TokenRead tokens;
    private final NodeCursor expanded;
    private final NodeCursor neighbour;
    private final RelationshipTraversalCursor rels;
    private final PropertyCursor props;
    private final int ciLabel;
    private final int validTo;
    private final int idKey;
    private final int keyKey;
    private final int typeKey;
    private final int criticalityKey;
    private final int minimumKey;
    private final int lifecycleKey;
    private final PropertySelection ciProperties;
    private final PropertySelection endedProperty;

    Walker(KernelTransaction ktx) {
      this.ktx = ktx;
      this.read = ktx.dataRead();
      this.tokens = ktx.tokenRead();
      CursorFactory cursors = ktx.cursors();
      CursorContext context = ktx.cursorContext();
      MemoryTracker memory = ktx.memoryTracker();
      this.expanded = cursors.allocateNodeCursor(context, memory);
      this.neighbour = cursors.allocateNodeCursor(context, memory);
      this.rels = cursors.allocateRelationshipTraversalCursor(context, memory);
      this.props = cursors.allocatePropertyCursor(context, memory);
      this.ciLabel = tokens.nodeLabel("CI");
      this.validTo = tokens.propertyKey("validTo");
      this.idKey = tokens.propertyKey("id");
      this.keyKey = tokens.propertyKey("key");
      this.typeKey = tokens.propertyKey("type");
      this.criticalityKey = tokens.propertyKey("criticality");
      this.minimumKey = tokens.propertyKey("minimumMembers");
      this.lifecycleKey = tokens.propertyKey("lifecycle");
      int[] keys =
          IntStream.of(
                  idKey, keyKey, typeKey, criticalityKey, minimumKey, lifecycleKey)
              .filter(k -> k != TokenConstants.NO_TOKEN)
              .toArray();
      this.ciProperties =
          keys.length == 0 ? PropertySelection.NO_PROPERTIES : PropertySelection.selection(keys);
      this.endedProperty =
          validTo == TokenConstants.NO_TOKEN ? null : PropertySelection.selection(validTo);
    }

    Followed types(List<String> names, Direction direction) {
      Map<Integer, String> byId = new HashMap<>();
      for (String name : names) {
        int id = tokens.relationshipType(name);
        if (id != TokenConstants.NO_TOKEN) byId.put(id, name);
      }
      int[] ids = byId.keySet().stream().mapToInt(Integer::intValue).toArray();
      return new Followed(RelationshipSelection.selection(ids, direction), byId);
    }

    Stream<Reached> walk(
        List<String> rootIds,
        List<String> rootKeys,
        Followed in,
        Followed out,
        Followed groupIn,
        Followed groupOut,
        long maxDepth,
        long nodeCap,
        String target) {
      LongObjectHashMap<Visit> visited = new LongObjectHashMap<>();
      LongHashSet refused = new LongHashSet();
      List<Visit> order = new ArrayList<>();

      Label ci = Label.label("CI");
      for (String id : rootIds) addRoot(tx.findNode(ci, "id", id), visited, order);
      for (String key : rootKeys) addRoot(tx.findNode(ci, "key", key), visited, order);
      int roots = order.size();
      List<Visit> frontier = new ArrayList<>(order);
      countMembers(frontier, groupIn, groupOut);

      boolean truncated = false;
      boolean found = target != null && frontier.stream().anyMatch(v -> target.equals(v.row.id));
      for (int depth = 1;
          depth <= maxDepth && !frontier.isEmpty() && !found && !truncated;
          depth++) {
        ktx.assertOpen(); // a terminated or timed-out transaction stops the walk
        frontier.sort(Comparator.comparing(v -> v.row.id));
        List<Visit> next = new ArrayList<>();
        for (Visit from : frontier) {
          for (Followed followed : new Followed[] {in, out}) {
            if (followed.none() || !position(expanded, from.nodeId)) continue;
            expanded.relationships(rels, followed.selection());
            while (rels.next()) {
              if (ended()) continue;
              long other = rels.otherNodeReference();
              String type = followed.names().get(rels.type());
              Visit seen = visited.get(other);
              if (seen != null) {
                if (!seen.walkable) continue;
                seen.row.causes.add(from.row.id);
                seen.row.causeTypes.add(type);
                if (seen.row.distance == depth) seen.through.add(type);
                continue;
              }
              if (refused.contains(other)) continue;
              Visit reached = describe(other);
              if (reached == null || !reached.walkable) {
                refused.add(other);
                continue;
              }
              if (order.size() - roots >= nodeCap) {
                truncated = true;
                continue;
              }
              reached.row.distance = depth;
              reached.row.parent = from.row.id;
              reached.row.parentType = type;
              reached.through.add(type);
              reached.row.causes.add(from.row.id);
              reached.row.causeTypes.add(type);
              visited.put(other, reached);
              order.add(reached);
              next.add(reached);
              if (reached.row.id.equals(target)) found = true;
            }
          }
        }
        countMembers(next, groupIn, groupOut);
        frontier = next;
      }

      boolean cut = truncated;
      return order.stream()
          .map(
              v -> {
                v.row.reachedThrough = new ArrayList<>(v.through);
                v.row.truncated = cut;
                return v.row;
              });
    }

    private void addRoot(Node node, LongObjectHashMap<Visit> visited, List<Visit> order) {
      if (node == null || visited.containsKey(node.getId())) return;
      Visit root = describe(node.getId());
      if (root == null) return;
      // a retired root is reported, but nothing walks back into it
      root.row.distance = 0;
      visited.put(root.nodeId, root);
      order.add(root);
    }

    /** Whether the relationship under `rels` has ended (carries validTo). */
    private boolean ended() {
      if (endedProperty == null) return false;
      rels.properties(props, endedProperty);
      return props.next();
    }

    private boolean position(NodeCursor cursor, long nodeId) {
      read.singleNode(nodeId, cursor);
      return cursor.next();
    }

    /**
     * A CI's row, its properties read in one pass; walkable when it is a CI in force (labelled
     * CI and not retired, as the Cypher walk's `lifecycle <> 'RETIRED'`). Null for no CI.
     */
    private Visit describe(long nodeId) {
      if (!position(neighbour, nodeId) || !neighbour.hasLabel(ciLabel)) return null;
      Visit v = new Visit(nodeId);
      Reached r = v.row;
      String lifecycle = null;
      neighbour.properties(props, ciProperties);
      while (props.next()) {
        int key = props.propertyKey();
        Value value = props.propertyValue();
        if (key == idKey) r.id = text(value);
        else if (key == keyKey) r.key = text(value);
        else if (key == typeKey) r.ciType = text(value);
        else if (key == criticalityKey) r.criticality = whole(value);
        else if (key == minimumKey) r.minimumMembers = whole(value);
        else if (key == lifecycleKey) lifecycle = text(value);
      }
      if (r.id == null) return null;
      v.walkable = lifecycle != null && !RETIRED.equals(lifecycle);
      r.causes = new ArrayList<>();
      r.causeTypes = new ArrayList<>();
      return v;
    }

    /** Members in force of each redundancy group reached (CIs that carry minimumMembers). */
    private void countMembers(List<Visit> reached, Followed groupIn, Followed groupOut) {
      for (Visit g : reached) {
        if (g.row.minimumMembers == null) continue;
        LongHashSet members = new LongHashSet();
        for (Followed followed : new Followed[] {groupIn, groupOut}) {
          if (followed.none() || !position(expanded, g.nodeId)) continue;
          expanded.relationships(rels, followed.selection());
          while (rels.next()) {
            if (ended()) continue;
            long member = rels.otherNodeReference();
            if (members.contains(member)) continue;
            Visit m = describe(member);
            if (m != null && m.walkable) members.add(member);
          }
        }
        g.row.totalMembers = (long) members.size();
      }
    }

    @Override
    public void close() {
      expanded.close();
      neighbour.close();
      rels.close();
      props.close();
    }
  }

  private static String text(Value value) {
    return value instanceof TextValue t ? t.stringValue() : null;
  }

  private static Long whole(Value value) {
    if (!(value instanceof NumberValue n)) return null;
    double d = n.doubleValue();
    return d == Math.rint(d) ? n.longValue() : null;
  }
}
