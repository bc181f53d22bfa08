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
 * <p>The answer is a few rows of parallel lists ({@link Walked}, {@link #PAGE} CIs each): each CI
 * reached, roots (distance 0) first, then in discovery order, with its distance, parent and the
 * types that reached it, every walk edge into it (from an expanded CI), and each redundancy
 * group's members in force. CIs are named by their index in that order. The cost is the relationships of the CIs touched:
 * nothing here looks at the rest of the graph.
 *
 * <p>It reads through the kernel's cursors (one set per call, reused for every CI and
 * relationship), which see the calling transaction's own uncommitted writes, as Cypher does.
 */
public final class ImpactWalk {
  private static final String RETIRED = "RETIRED";

  @Context public Transaction tx;

  /** CIs per row of the answer: each row stays a small Bolt message, quick to decode. */
  static final int PAGE = 64;

  /**
   * A page of the walk: parallel lists for up to {@link #PAGE} consecutive CIs of the walk's
   * order (roots first, then in discovery order), CI i of the walk being entry {@code i - first}.
   */
  public static final class Walked {
    /** The walk index of this page's first CI. */
    public long first;

    public List<String> ids;
    public List<String> keys;
    public List<String> ciTypes;
    /** null where a CI has none. */
    public List<Long> criticality;
    /** Minimum distance from a root (0 for a root). */
    public List<Long> distance;
    /** The walk index of the CI it was first reached from (-1 for a root). */
    public List<Long> parent;
    /** The type of that relationship (null for a root). */
    public List<String> parentType;
    /** The relationship types of the edges that reached it at its minimum distance. */
    public List<List<String>> reachedThrough;
    /** How many walk edges lead into each CI; the edges, CI after CI: from (walk index), type. */
    public List<Long> causeCount;
    public List<Long> causes;
    public List<String> causeTypes;
    /** Redundancy groups of this page: their walk index, minimum and members in force. */
    public List<Long> groups;
    public List<Long> groupMinimum;
    public List<Long> groupMembers;
    /** The node cap stopped the walk (the same on every page). */
    public boolean truncated;
  }

  /** The walk's state for one CI. */
  private static final class Visit {
    final long nodeId;
    String id;
    String key;
    String ciType;
    Long criticality;
    Long minimumMembers;
    long totalMembers;
    int index;
    long distance;
    long parent = -1;
    String parentType;
    final List<Long> causes = new ArrayList<>();
    final List<String> causeTypes = new ArrayList<>();
    final LinkedHashSet<String> through = new LinkedHashSet<>();
    boolean walkable;

    Visit(long nodeId) {
      this.nodeId = nodeId;
    }
  }

  @Procedure(name = "graphcmdb.impact.walk", mode = Mode.READ)
  @Description(
      "graphcmdb.impact.walk(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource,"
          + " maxDepth, nodeCap, target) - breadth-first impact walk: rows of up to 64 CIs"
          + " reached, with their distances, parents and walk edges")
  public Stream<Walked> walk(
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
      NodeCursor e = null;
      NodeCursor n = null;
      RelationshipTraversalCursor r = null;
      try {
        e = cursors.allocateNodeCursor(context, memory);
        n = cursors.allocateNodeCursor(context, memory);
        r = cursors.allocateRelationshipTraversalCursor(context, memory);
        this.props = cursors.allocatePropertyCursor(context, memory);
      } catch (RuntimeException failed) {
        // what was allocated before the failure is released
        for (AutoCloseable c : new AutoCloseable[] {e, n, r}) closeQuietly(c);
        throw failed;
      }
      this.expanded = e;
      this.neighbour = n;
      this.rels = r;
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

    Stream<Walked> walk(
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
      // keys first, then ids: the order the application lists roots in
      for (String key : rootKeys) addRoot(tx.findNode(ci, "key", key), visited, order);
      for (String id : rootIds) addRoot(tx.findNode(ci, "id", id), visited, order);
      int roots = order.size();
      List<Visit> frontier = new ArrayList<>(order);
      countMembers(frontier, groupIn, groupOut);

      boolean truncated = false;
      boolean found = target != null && frontier.stream().anyMatch(v -> target.equals(v.id));
      for (int depth = 1;
          depth <= maxDepth && !frontier.isEmpty() && !found && !truncated;
          depth++) {
        ktx.assertOpen(); // a terminated or timed-out transaction stops the walk
        frontier.sort(Comparator.comparing(v -> v.id));
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
                seen.causes.add((long) from.index);
                seen.causeTypes.add(type);
                if (seen.distance == depth) seen.through.add(type);
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
              reached.distance = depth;
              reached.parent = from.index;
              reached.parentType = type;
              reached.through.add(type);
              reached.index = order.size();
              reached.causes.add((long) from.index);
              reached.causeTypes.add(type);
              visited.put(other, reached);
              order.add(reached);
              next.add(reached);
              if (reached.id.equals(target)) found = true;
            }
          }
        }
        countMembers(next, groupIn, groupOut);
        frontier = next;
      }

      List<Walked> pages = new ArrayList<>();
      for (int first = 0; first < order.size(); first += PAGE) {
        pages.add(page(order.subList(first, Math.min(order.size(), first + PAGE)), first, truncated));
      }
      return pages.stream();
    }

    private static Walked page(List<Visit> visits, int first, boolean truncated) {
      Walked p = new Walked();
      int n = visits.size();
      p.first = first;
      p.truncated = truncated;
      p.ids = new ArrayList<>(n);
      p.keys = new ArrayList<>(n);
      p.ciTypes = new ArrayList<>(n);
      p.criticality = new ArrayList<>(n);
      p.distance = new ArrayList<>(n);
      p.parent = new ArrayList<>(n);
      p.parentType = new ArrayList<>(n);
      p.reachedThrough = new ArrayList<>(n);
      p.causeCount = new ArrayList<>(n);
      p.causes = new ArrayList<>();
      p.causeTypes = new ArrayList<>();
      p.groups = new ArrayList<>();
      p.groupMinimum = new ArrayList<>();
      p.groupMembers = new ArrayList<>();
      for (Visit v : visits) {
        p.ids.add(v.id);
        p.keys.add(v.key);
        p.ciTypes.add(v.ciType);
        p.criticality.add(v.criticality);
        p.distance.add(v.distance);
        p.parent.add(v.parent);
        p.parentType.add(v.parentType);
        p.reachedThrough.add(new ArrayList<>(v.through));
        p.causeCount.add((long) v.causes.size());
        p.causes.addAll(v.causes);
        p.causeTypes.addAll(v.causeTypes);
        if (v.minimumMembers != null) {
          p.groups.add((long) v.index);
          p.groupMinimum.add(v.minimumMembers);
          p.groupMembers.add(v.totalMembers);
        }
      }
      return p;
    }

    private void addRoot(Node node, LongObjectHashMap<Visit> visited, List<Visit> order) {
      if (node == null || visited.containsKey(node.getId())) return;
      Visit root = describe(node.getId());
      if (root == null) return;
      // a retired root is reported, but nothing walks back into it
      root.distance = 0;
      root.index = order.size();
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
      Visit r = new Visit(nodeId);
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
      r.walkable = lifecycle != null && !RETIRED.equals(lifecycle);
      return r;
    }

    /** Members in force of each redundancy group reached (CIs that carry minimumMembers). */
    private void countMembers(List<Visit> reached, Followed groupIn, Followed groupOut) {
      for (Visit g : reached) {
        if (g.minimumMembers == null) continue;
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
        g.totalMembers = members.size();
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

  private static void closeQuietly(AutoCloseable cursor) {
    if (cursor == null) return;
    try {
      cursor.close();
    } catch (Exception ignored) {
      // releasing after a failure: the failure is what matters
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
