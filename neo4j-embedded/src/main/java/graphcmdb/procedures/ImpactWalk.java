package graphcmdb.procedures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterable;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * The impact walk inside Neo4j: the same breadth-first walk as the application's level-by-level
 * Cypher walk (cypher/impact/expand-frontier.cypher), in one call. From the roots it follows
 * relationships in force of the {@code incoming} types against their arrow and of the {@code
 * outgoing} types along it, never into a retired CI, never visiting a CI twice; the first
 * discovery of a CI gives its minimum distance and a parent on one shortest path.
 *
 * <p>Each CI reached is one row, roots (distance 0) first, then in discovery order, with every
 * walk edge that reached it ({@code causes}/{@code causeTypes}: from an expanded CI to it) and,
 * for redundancy groups, the members in force. The cost is the relationships of the CIs touched:
 * nothing here looks at the rest of the graph.
 */
@SuppressWarnings("deprecation") // internal node ids: only within one walk, never returned
public final class ImpactWalk {
  private static final Label CI = Label.label("CI");
  private static final String RETIRED = "RETIRED";
  private static final Direction[] BOTH_WAYS = {Direction.INCOMING, Direction.OUTGOING};

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
    final Node node;
    final long nodeId;
    final Reached row = new Reached();
    final LinkedHashSet<String> through = new LinkedHashSet<>();
    boolean walkable = true;

    Visit(Node node) {
      this.node = node;
      this.nodeId = node.getId();
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
    RelationshipType[] in = types(incoming);
    RelationshipType[] out = types(outgoing);
    RelationshipType[] groupIn = types(groupIsTarget);
    RelationshipType[] groupOut = types(groupIsSource);

    // by internal node id: no element id strings made for the CIs a walk merely passes
    LongObjectHashMap<Visit> visited = new LongObjectHashMap<>();
    LongHashSet refused = new LongHashSet();
    List<Visit> order = new ArrayList<>();

    for (String id : rootIds) addRoot(tx.findNode(CI, "id", id), visited, order);
    for (String key : rootKeys) addRoot(tx.findNode(CI, "key", key), visited, order);
    int roots = order.size();
    List<Visit> frontier = new ArrayList<>(order);
    countMembers(frontier, groupIn, groupOut);

    boolean truncated = false;
    boolean found = target != null && frontier.stream().anyMatch(v -> target.equals(v.row.id));
    for (int depth = 1;
        depth <= maxDepth && !frontier.isEmpty() && !found && !truncated;
        depth++) {
      frontier.sort(Comparator.comparing(v -> v.row.id));
      List<Visit> next = new ArrayList<>();
      for (Visit from : frontier) {
        for (Direction direction : BOTH_WAYS) {
          RelationshipType[] followed = direction == Direction.INCOMING ? in : out;
          if (followed.length == 0) continue;
          try (ResourceIterable<Relationship> rels =
              from.node.getRelationships(direction, followed)) {
            for (Relationship r : rels) {
              if (r.getProperty("validTo", null) != null) continue;
              long other = r.getOtherNodeId(from.nodeId);
              String type = r.getType().name();
              Visit seen = visited.get(other);
              if (seen != null) {
                if (!seen.walkable) continue;
                seen.row.causes.add(from.row.id);
                seen.row.causeTypes.add(type);
                if (seen.row.distance == depth) seen.through.add(type);
                continue;
              }
              if (refused.contains(other)) continue;
              Node m = r.getOtherNode(from.node);
              if (!walkable(m)) {
                refused.add(other);
                continue;
              }
              if (order.size() - roots >= nodeCap) {
                truncated = true;
                continue;
              }
              Visit reached = describe(m);
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

  private static void addRoot(Node node, LongObjectHashMap<Visit> visited, List<Visit> order) {
    if (node == null || visited.containsKey(node.getId())) return;
    Visit root = describe(node);
    root.row.distance = 0;
    // a retired root is reported, but nothing walks back into it
    root.walkable = walkable(node);
    visited.put(node.getId(), root);
    order.add(root);
  }

  private static Visit describe(Node node) {
    Visit v = new Visit(node);
    Reached r = v.row;
    r.id = (String) node.getProperty("id");
    r.key = (String) node.getProperty("key", null);
    r.ciType = (String) node.getProperty("type", null);
    r.criticality = whole(node.getProperty("criticality", null));
    r.minimumMembers = whole(node.getProperty("minimumMembers", null));
    r.causes = new ArrayList<>();
    r.causeTypes = new ArrayList<>();
    return v;
  }

  /** A CI in force: labelled CI and not retired (as the Cypher walk's `lifecycle <> 'RETIRED'`). */
  private static boolean walkable(Node node) {
    Object lifecycle = node.getProperty("lifecycle", null);
    return lifecycle instanceof String s && !RETIRED.equals(s) && node.hasLabel(CI);
  }

  /** Members in force of each redundancy group reached (CIs that carry minimumMembers). */
  private static void countMembers(
      List<Visit> reached, RelationshipType[] groupIn, RelationshipType[] groupOut) {
    for (Visit g : reached) {
      if (g.row.minimumMembers == null) continue;
      LongHashSet members = new LongHashSet();
      for (Direction direction : BOTH_WAYS) {
        RelationshipType[] types = direction == Direction.INCOMING ? groupIn : groupOut;
        if (types.length == 0) continue;
        try (ResourceIterable<Relationship> rels = g.node.getRelationships(direction, types)) {
          for (Relationship r : rels) {
            if (r.getProperty("validTo", null) != null) continue;
            Node m = r.getOtherNode(g.node);
            if (walkable(m)) members.add(m.getId());
          }
        }
      }
      g.row.totalMembers = (long) members.size();
    }
  }

  private static RelationshipType[] types(List<String> names) {
    return names.stream().map(RelationshipType::withName).toArray(RelationshipType[]::new);
  }

  private static Long whole(Object value) {
    if (value instanceof Long l) return l;
    if (value instanceof Integer i) return i.longValue();
    if (value instanceof Double d && d == Math.rint(d)) return d.longValue();
    return null;
  }
}
