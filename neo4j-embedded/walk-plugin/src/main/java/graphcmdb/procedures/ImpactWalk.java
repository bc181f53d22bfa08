package graphcmdb.procedures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
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
import org.neo4j.internal.kernel.api.procs.ProcedureCallContext;
import org.neo4j.io.pagecache.context.CursorContext;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.memory.MemoryTracker;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.token.api.TokenConstants;
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
 * <p>Two procedures share the walk. {@code graphcmdb.impact.walk} answers with every walk edge
 * (the application computes what it needs from them: single points of failure, cycles, paths).
 * {@code graphcmdb.impact.analyse} also computes each CI's impact level (the propagation of
 * src/domain/impact/impact-graph.ts, redundancy groups included) and answers with per-CI columns
 * only: no edges cross the wire, relationship types travel as small numbers.
 *
 * <p>The walk's state is primitive columns indexed by walk order (roots first, then in discovery
 * order, level after level), so a level's frontier is a range of that order: nothing is boxed
 * per CI or per edge, and no frontier is sorted. The columns grow in fixed-size chunks ({@link
 * Columns}), ids and keys are kept as characters, CI types as numbers: a walk of a million CIs
 * copies no array as it grows and leaves the collector no small object per CI. The answer is a stream of rows of {@link #PAGE}
 * CIs each, made as they are read. It reads through the kernel's cursors (one set per call,
 * reused for every CI and relationship), which see the calling transaction's own uncommitted
 * writes, as Cypher does. The cost is the relationships of the CIs touched.
 */
public final class ImpactWalk {
  private static final String RETIRED = "RETIRED";

  /** Relationship types a mask of {@code analyse} can name (a JavaScript number's exact bits). */
  static final int MAX_MASKED_TYPES = 52;

  /** Impact levels, as {@code analyse} answers them; 0: not reached by any cause. */
  static final byte AT_RISK = 1;

  static final byte DEGRADED = 2;
  static final byte DOWN = 3;

  private static final long NONE = Long.MIN_VALUE;

  @Context public Transaction tx;

  /** What the calling statement yields: a walk reads only what its answer needs. */
  @Context public ProcedureCallContext call;

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

  /**
   * A page of an analysis: like {@link Walked} without edges or groups, with each CI's level.
   * Relationship types are numbered by their place in {@code incoming} followed by {@code
   * outgoing}.
   */
  public static final class Analysed {
    public long first;
    public List<String> ids;
    public List<String> keys;
    public List<String> ciTypes;

    /** null where a CI has none. */
    public List<Long> criticality;

    public List<Long> distance;

    /** The walk index of the CI it was first reached from (-1 for a root). */
    public List<Long> parent;

    /** The type number of that relationship (-1 for a root). */
    public List<Long> parentType;

    /** Bit t set: type number t reached the CI at its minimum distance (0 for a root). */
    public List<Long> through;

    /** 3 DOWN, 2 DEGRADED, 1 AT_RISK (roots: 3). */
    public List<Long> level;

    /** The node cap stopped the walk (the same on every page). */
    public boolean truncated;
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
    Set<String> yielded = yielded();
    Reads reads = Reads.of(yielded, !groupIsTarget.isEmpty() || !groupIsSource.isEmpty());
    Graph g =
        run(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource, maxDepth, nodeCap,
            target, reads);
    g.columns = yielded;
    if (reads.edges()) g.index();
    return IntStream.range(0, pages(g.n)).mapToObj(p -> g.walked(p * PAGE));
  }

  /** The columns the calling statement yields; null: all (or not called from Cypher). */
  private Set<String> yielded() {
    if (call == null || !call.isCalledFromCypher()) return null;
    Set<String> fields = call.outputFields().collect(Collectors.toSet());
    return fields.isEmpty() ? null : fields;
  }

  /**
   * What a walk reads and keeps beyond each reached CI's distance and parent: {@code text} its id,
   * key, type and criticality; {@code edges} every walk edge; {@code through} the types that
   * reached it; {@code minimum} redundancy groups' minimums. A statement that yields only
   * distances (a count of CIs per distance) makes the walk read, per reached CI, its labels and
   * lifecycle only, and keep no edges.
   */
  record Reads(boolean text, boolean edges, boolean through, boolean minimum, boolean levels) {
    static final Reads ALL = new Reads(true, true, true, true, false);

    /**
     * An analysis: everything but the edges that found a CI (its parent's, which the parent
     * columns hold): levels need every edge, but most CIs have only that one.
     */
    static final Reads ANALYSIS = new Reads(true, false, true, true, true);

    static Reads of(Set<String> yielded, boolean groupTypes) {
      if (yielded == null) return ALL;
      return new Reads(
          yielded.contains("ids")
              || yielded.contains("keys")
              || yielded.contains("ciTypes")
              || yielded.contains("criticality"),
          yielded.contains("causeCount")
              || yielded.contains("causes")
              || yielded.contains("causeTypes"),
          yielded.contains("reachedThrough"),
          groupTypes
              || yielded.contains("groups")
              || yielded.contains("groupMinimum")
              || yielded.contains("groupMembers"),
          false);
    }
  }

  @Procedure(name = "graphcmdb.impact.analyse", mode = Mode.READ)
  @Description(
      "graphcmdb.impact.analyse(rootIds, rootKeys, incoming, outgoing, groupIsTarget,"
          + " groupIsSource, membership, dependents, maxDepth, nodeCap) - the impact walk with each"
          + " CI's impact level: rows of up to 64 CIs, no edges")
  public Stream<Analysed> analyse(
      @Name("rootIds") List<String> rootIds,
      @Name("rootKeys") List<String> rootKeys,
      @Name("incoming") List<String> incoming,
      @Name("outgoing") List<String> outgoing,
      @Name("groupIsTarget") List<String> groupIsTarget,
      @Name("groupIsSource") List<String> groupIsSource,
      @Name("membership") List<String> membership,
      @Name("dependents") boolean dependents,
      @Name("maxDepth") long maxDepth,
      @Name("nodeCap") long nodeCap) {
    Levelled l =
        levelled(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource, membership,
            dependents, maxDepth, nodeCap);
    return IntStream.range(0, pages(l.g().n)).mapToObj(p -> l.g().analysed(p * PAGE, l.level()));
  }

  @Procedure(name = "graphcmdb.impact.analysePacked", mode = Mode.READ)
  @Description(
      "graphcmdb.impact.analysePacked(rootIds, rootKeys, incoming, outgoing, groupIsTarget,"
          + " groupIsSource, membership, dependents, maxDepth, nodeCap) - graphcmdb.impact.analyse"
          + " with each column of a row of up to 4096 CIs packed in one value")
  public Stream<PackedAnalysis.Packed> analysePacked(
      @Name("rootIds") List<String> rootIds,
      @Name("rootKeys") List<String> rootKeys,
      @Name("incoming") List<String> incoming,
      @Name("outgoing") List<String> outgoing,
      @Name("groupIsTarget") List<String> groupIsTarget,
      @Name("groupIsSource") List<String> groupIsSource,
      @Name("membership") List<String> membership,
      @Name("dependents") boolean dependents,
      @Name("maxDepth") long maxDepth,
      @Name("nodeCap") long nodeCap) {
    Levelled l =
        levelled(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource, membership,
            dependents, maxDepth, nodeCap);
    return IntStream.range(0, PackedAnalysis.pages(l.g().n))
        .mapToObj(p -> PackedAnalysis.page(l.g(), p * PackedAnalysis.PAGE, l.level()));
  }

  /** A walk and each of its CIs' levels. */
  private record Levelled(Graph g, byte[] level) {}

  private Levelled levelled(
      List<String> rootIds,
      List<String> rootKeys,
      List<String> incoming,
      List<String> outgoing,
      List<String> groupIsTarget,
      List<String> groupIsSource,
      List<String> membership,
      boolean dependents,
      long maxDepth,
      long nodeCap) {
    if (incoming.size() + outgoing.size() > MAX_MASKED_TYPES) {
      throw new IllegalArgumentException(
          "graphcmdb.impact.analyse follows at most "
              + MAX_MASKED_TYPES
              + " relationship types; use graphcmdb.impact.walk");
    }
    Graph g =
        run(rootIds, rootKeys, incoming, outgoing, groupIsTarget, groupIsSource, maxDepth, nodeCap,
            null, Reads.ANALYSIS);
    boolean[] member = new boolean[g.typeNames.length];
    for (int t = 0; t < member.length; t++) member[t] = membership.contains(g.typeNames[t]);
    return new Levelled(g, g.levels(member, dependents));
  }

  private static int pages(int n) {
    return (n + PAGE - 1) / PAGE;
  }

  private Graph run(
      List<String> rootIds,
      List<String> rootKeys,
      List<String> incoming,
      List<String> outgoing,
      List<String> groupIsTarget,
      List<String> groupIsSource,
      long maxDepth,
      long nodeCap,
      String target,
      Reads reads) {
    KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
    List<String> followed = new ArrayList<>(incoming);
    followed.addAll(outgoing);
    try (Walker walker = new Walker(ktx, followed.toArray(new String[0]), reads, target != null)) {
      return walker.walk(
          rootIds,
          rootKeys,
          walker.types(incoming, 0, Direction.INCOMING),
          walker.types(outgoing, incoming.size(), Direction.OUTGOING),
          walker.types(groupIsTarget, 0, Direction.INCOMING),
          walker.types(groupIsSource, 0, Direction.OUTGOING),
          maxDepth,
          nodeCap,
          target);
    }
  }

  /**
   * Relationship types followed one way: the kernel's selection, kernel id → type number (and
   * the same as an array indexed by kernel id, -1 for a type not followed, for the walk's loop).
   */
  private record Followed(RelationshipSelection selection, IntIntHashMap numbers, int[] byId) {
    boolean none() {
      return numbers.isEmpty();
    }

    int number(int typeId) {
      return typeId >= 0 && typeId < byId.length ? byId[typeId] : -1;
    }
  }

  /**
   * What a walk found, as columns indexed by walk order (CI {@code i}, {@link Columns}: grown in
   * chunks, never copied) and the walk edges it keeps (edge {@code e}: {@code edgeFrom → edgeTo}
   * of type number {@code edgeType}, in discovery order). A walk that yields its edges keeps
   * every one ({@link Reads#edges}); an analysis only those into a CI found before ({@link
   * Reads#levels}): a CI's first edge in is its parent's, already kept as {@code parent} and
   * {@code parentType}, and most CIs have no other.
   */
  static final class Graph {
    final String[] typeNames;

    /** Whether the walk read each CI's id, key, type and criticality (Reads.text). */
    boolean keepsText = true;

    /**
     * Whether the types that reached each CI are kept as a mask (an analysis: at most {@link
     * #MAX_MASKED_TYPES} types) rather than as a list in the order they came (a walk).
     */
    boolean masks;

    /** The columns of {@link Walked} the statement yields (null: all). */
    Set<String> columns;

    boolean yields(String column) {
      return columns == null || columns.contains(column);
    }

    int n;
    int roots;
    boolean truncated;
    final Columns.Longs node = new Columns.Longs(0);

    /** Where CI i's id and key are in {@link #texts} (-1: not read). */
    final Columns.Ints textAt = new Columns.Ints(-1);

    final Columns.Texts texts = new Columns.Texts();

    /** CI i's type: its place in {@link #ciTypeNames} (-1: none). */
    final Columns.Ints ciType = new Columns.Ints(-1);

    final List<String> ciTypeNames = new ArrayList<>();
    private final Map<String, Integer> ciTypeNumbers = new HashMap<>();
    final Columns.Longs criticality = new Columns.Longs(NONE);

    /** A redundancy group's minimum (NONE for any other CI) and its members in force. */
    final Columns.Longs minimum = new Columns.Longs(NONE);

    final Columns.Ints members = new Columns.Ints(0);

    /** Whether any CI kept has a minimum (no group: every level of an analysis is DOWN). */
    boolean hasGroups;

    final Columns.Ints distance = new Columns.Ints(0);
    final Columns.Ints parent = new Columns.Ints(-1);
    final Columns.Ints parentType = new Columns.Ints(-1);

    /** Roots that are no CI in force: the walk starts from them but never walks back in. */
    private IntHashSet retiredRoots;

    /** Types that reached a CI at its minimum distance: a list per CI in the entry columns. */
    final Columns.Ints throughHead = new Columns.Ints(-1);

    /** The same as masks ({@link #masks}): bit t for type number t. */
    final Columns.Longs throughMasks = new Columns.Longs(0);

    int throughCount;
    final Columns.Ints throughType = new Columns.Ints(0);
    final Columns.Ints throughNext = new Columns.Ints(-1);

    int m;
    final Columns.Ints edgeFrom = new Columns.Ints(0);
    final Columns.Ints edgeTo = new Columns.Ints(0);
    final Columns.Ints edgeType = new Columns.Ints(0);

    /** Edges by CI (made by {@link #index}): into CI i, {@code inEdge[inStart[i] .. inStart[i+1]]}. */
    int[] inStart;

    int[] inEdge;

    Graph(String[] typeNames) {
      this.typeNames = typeNames;
    }

    /** A CI found by the walk, described later ({@link #describe}). */
    int add(long node) {
      int i = n++;
      this.node.set(i, node);
      return i;
    }

    /** A root, described as it is added. */
    int addRoot(
        long node,
        String id,
        String key,
        String ciType,
        long criticality,
        long minimum,
        boolean walkable) {
      int i = add(node);
      textAt.set(i, texts.put(id, key));
      describe(i, ciType, criticality, minimum);
      if (!walkable) {
        if (retiredRoots == null) retiredRoots = new IntHashSet();
        retiredRoots.add(i);
      }
      return i;
    }

    /** CI i's type, criticality and minimum (its id and key: {@link #text}). */
    void describe(int i, String type, long criticality, long minimum) {
      if (type != null) ciType.set(i, typeNumber(type));
      this.criticality.set(i, criticality);
      this.minimum.set(i, minimum);
      hasGroups |= minimum != NONE;
    }

    void text(int i, String id, String key) {
      textAt.set(i, texts.put(id, key));
    }

    private int typeNumber(String type) {
      Integer number = ciTypeNumbers.get(type);
      if (number == null) {
        number = ciTypeNames.size();
        ciTypeNames.add(type);
        ciTypeNumbers.put(type, number);
      }
      return number;
    }

    /** The number of a CI type ({@code ""} included), -1 when no CI has it. */
    int ciTypeNumber(String type) {
      return ciTypeNumbers.getOrDefault(type, -1);
    }

    /** Whether the walk may go into CI i: only a retired root is not. */
    boolean walkable(int i) {
      return retiredRoots == null || !retiredRoots.contains(i);
    }

    String id(int i) {
      int at = textAt.get(i);
      return at < 0 ? null : texts.id(at);
    }

    String key(int i) {
      int at = textAt.get(i);
      return at < 0 ? null : texts.key(at);
    }

    String ciTypeName(int i) {
      int t = ciType.get(i);
      return t < 0 ? null : ciTypeNames.get(t);
    }

    /**
     * CIs [from, to) ordered by node id: the order of their records in the store. Walk order when
     * a node id does not fit in 31 bits (not sorted then).
     */
    int[] byNode(int from, int to) {
      int size = to - from;
      int[] order = new int[size];
      long[] packed = new long[size];
      for (int i = from; i < to; i++) {
        long id = node.get(i);
        if (id >>> 31 != 0) {
          for (int k = 0; k < size; k++) order[k] = from + k;
          return order;
        }
        packed[i - from] = id << 32 | (i - from);
      }
      Arrays.sort(packed);
      for (int k = 0; k < size; k++) order[k] = from + (int) (packed[k] & 0xffffffffL);
      return order;
    }

    /**
     * Drops the CIs [from, n) marked in {@code drop} (entry i - from), keeping the others' order,
     * and the edges since {@code firstEdge} into a dropped one; renumbers the rest in {@code
     * visited}. Only the last level's CIs move, and nothing points at them but those edges.
     */
    void compact(int from, boolean[] drop, int firstEdge, LongIntHashMap visited) {
      int[] moved = new int[n - from];
      int to = from;
      for (int i = from; i < n; i++) {
        if (drop[i - from]) {
          moved[i - from] = -1;
          visited.remove(node.get(i));
          continue;
        }
        moved[i - from] = to;
        if (to != i) {
          node.set(to, node.get(i));
          textAt.set(to, textAt.get(i));
          ciType.set(to, ciType.get(i));
          criticality.set(to, criticality.get(i));
          minimum.set(to, minimum.get(i));
          members.set(to, members.get(i));
          distance.set(to, distance.get(i));
          parent.set(to, parent.get(i));
          parentType.set(to, parentType.get(i));
          throughHead.set(to, throughHead.get(i));
          throughMasks.set(to, throughMasks.get(i));
          visited.put(node.get(to), to);
        }
        to++;
      }
      // the places left are taken again by the next level's CIs: as new
      for (int i = to; i < n; i++) {
        textAt.set(i, -1);
        ciType.set(i, -1);
        criticality.set(i, NONE);
        minimum.set(i, NONE);
        members.set(i, 0);
        distance.set(i, 0);
        parent.set(i, -1);
        parentType.set(i, -1);
        throughHead.set(i, -1);
        throughMasks.set(i, 0);
      }
      n = to;
      int kept = firstEdge;
      for (int e = firstEdge; e < m; e++) {
        int into = edgeTo.get(e);
        int target = into < from ? into : moved[into - from];
        if (target < 0) continue;
        edgeFrom.set(kept, edgeFrom.get(e));
        edgeTo.set(kept, target);
        edgeType.set(kept, edgeType.get(e));
        kept++;
      }
      m = kept;
    }

    void edge(int from, int to, int type) {
      edgeFrom.set(m, from);
      edgeTo.set(m, to);
      edgeType.set(m, type);
      m++;
    }

    /** Adds a type to those that reached CI i at its minimum distance (once each, in order). */
    void through(int i, int type) {
      if (masks) {
        throughMasks.set(i, throughMasks.get(i) | 1L << type);
        return;
      }
      int last = -1;
      for (int t = throughHead.get(i); t >= 0; t = throughNext.get(t)) {
        if (throughType.get(t) == type) return;
        last = t;
      }
      int entry = throughCount++;
      throughType.set(entry, type);
      throughNext.set(entry, -1);
      if (last < 0) throughHead.set(i, entry);
      else throughNext.set(last, entry);
    }

    /** The mask of the types that reached CI i at its minimum distance (bit t: type number t). */
    long throughMask(int i) {
      if (masks) return throughMasks.get(i);
      long mask = 0;
      for (int t = throughHead.get(i); t >= 0; t = throughNext.get(t)) {
        mask |= 1L << throughType.get(t);
      }
      return mask;
    }

    /** The edges by CI they lead into: a counting sort, order kept (every edge kept: a walk). */
    void index() {
      inStart = new int[n + 1];
      for (int e = 0; e < m; e++) inStart[edgeTo.get(e) + 1]++;
      for (int i = 0; i < n; i++) inStart[i + 1] += inStart[i];
      int[] at = Arrays.copyOf(inStart, n);
      inEdge = new int[m];
      for (int e = 0; e < m; e++) inEdge[at[edgeTo.get(e)]++] = e;
    }

    /**
     * Each CI's level, for an analysis (edges as {@link Reads#levels} keeps them): what the
     * roots' failure or change does to it ({@code dependents}, ImpactGraph.propagate) or how much
     * the roots need it (ImpactGraph.needs). Without a redundancy group, every CI is DOWN: each
     * passes its cause's level on, and the roots are DOWN.
     */
    byte[] levels(boolean[] membership, boolean dependents) {
      if (!hasGroups) {
        byte[] level = new byte[n];
        Arrays.fill(level, DOWN);
        return level;
      }
      Levels l = new Levels(this);
      return dependents ? l.propagate(membership) : l.needs(membership);
    }

    Walked walked(int first) {
      int end = Math.min(n, first + PAGE);
      int size = end - first;
      Walked p = new Walked();
      p.first = first;
      p.truncated = truncated;
      // what the statement does not yield was not read (Reads) nor made: those columns are null
      boolean text = keepsText;
      p.ids = text ? new ArrayList<>(size) : null;
      p.keys = text ? new ArrayList<>(size) : null;
      p.ciTypes = text ? new ArrayList<>(size) : null;
      boolean parents = yields("parent") || yields("parentType");
      boolean throughs = yields("reachedThrough");
      p.criticality = text ? new ArrayList<>(size) : null;
      p.distance = new ArrayList<>(size);
      p.parent = parents ? new ArrayList<>(size) : null;
      p.parentType = parents ? new ArrayList<>(size) : null;
      p.reachedThrough = throughs ? new ArrayList<>(size) : null;
      p.causeCount = new ArrayList<>(size);
      int edges = inStart == null ? 0 : inStart[end] - inStart[first];
      p.causes = new ArrayList<>(edges);
      p.causeTypes = new ArrayList<>(edges);
      p.groups = new ArrayList<>();
      p.groupMinimum = new ArrayList<>();
      p.groupMembers = new ArrayList<>();
      for (int i = first; i < end; i++) {
        if (text) {
          p.ids.add(id(i));
          p.keys.add(key(i));
          p.ciTypes.add(ciTypeName(i));
          long c = criticality.get(i);
          p.criticality.add(c == NONE ? null : c);
        }
        p.distance.add((long) distance.get(i));
        if (parents) {
          int t = parentType.get(i);
          p.parent.add((long) parent.get(i));
          p.parentType.add(t < 0 ? null : typeNames[t]);
        }
        if (throughs) {
          List<String> through = new ArrayList<>(1);
          for (int t = throughHead.get(i); t >= 0; t = throughNext.get(t)) {
            through.add(typeNames[throughType.get(t)]);
          }
          p.reachedThrough.add(through);
        }
        if (inStart != null) {
          p.causeCount.add((long) (inStart[i + 1] - inStart[i]));
          for (int k = inStart[i]; k < inStart[i + 1]; k++) {
            int e = inEdge[k];
            p.causes.add((long) edgeFrom.get(e));
            p.causeTypes.add(typeNames[edgeType.get(e)]);
          }
        }
        long min = minimum.get(i);
        if (min != NONE) {
          p.groups.add((long) i);
          p.groupMinimum.add(min);
          p.groupMembers.add((long) members.get(i));
        }
      }
      return p;
    }

    Analysed analysed(int first, byte[] level) {
      int end = Math.min(n, first + PAGE);
      int size = end - first;
      Analysed p = new Analysed();
      p.first = first;
      p.truncated = truncated;
      p.ids = new ArrayList<>(size);
      p.keys = new ArrayList<>(size);
      p.ciTypes = new ArrayList<>(size);
      p.criticality = new ArrayList<>(size);
      p.distance = new ArrayList<>(size);
      p.parent = new ArrayList<>(size);
      p.parentType = new ArrayList<>(size);
      p.through = new ArrayList<>(size);
      p.level = new ArrayList<>(size);
      for (int i = first; i < end; i++) {
        p.ids.add(id(i));
        p.keys.add(key(i));
        p.ciTypes.add(ciTypeName(i));
        long c = criticality.get(i);
        p.criticality.add(c == NONE ? null : c);
        p.distance.add((long) distance.get(i));
        p.parent.add((long) parent.get(i));
        p.parentType.add((long) parentType.get(i));
        p.through.add(throughMask(i));
        // a CI no cause reached (none in a complete walk) counts as at risk, as in the application
        p.level.add((long) (i < roots ? DOWN : Math.max(AT_RISK, level[i])));
      }
      return p;
    }
  }

  /**
   * An analysis's levels over a walk whose edges are its CIs' parents and the edges kept besides
   * them: out of each CI (for propagating), and into each redundancy group (for evaluating it).
   */
  private static final class Levels {
    private final Graph g;

    /** Out of CI u: {@code outTo[outStart[u] .. outStart[u+1]]}, of types {@code outType}. */
    private final int[] outStart;

    private final int[] outTo;
    private final int[] outType;

    /** CI → its place among the groups (-1: no group); into group k: from / type lists. */
    private final Columns.Ints groupOf = new Columns.Ints(-1);

    private final int[] groupInStart;
    private final int[] groupInFrom;
    private final int[] groupInType;

    Levels(Graph g) {
      this.g = g;
      int n = g.n;
      outStart = new int[n + 1];
      for (int i = g.roots; i < n; i++) outStart[g.parent.get(i) + 1]++;
      for (int e = 0; e < g.m; e++) outStart[g.edgeFrom.get(e) + 1]++;
      for (int i = 0; i < n; i++) outStart[i + 1] += outStart[i];
      int[] at = Arrays.copyOf(outStart, n);
      outTo = new int[outStart[n]];
      outType = new int[outStart[n]];
      for (int i = g.roots; i < n; i++) {
        int k = at[g.parent.get(i)]++;
        outTo[k] = i;
        outType[k] = g.parentType.get(i);
      }
      for (int e = 0; e < g.m; e++) {
        int k = at[g.edgeFrom.get(e)]++;
        outTo[k] = g.edgeTo.get(e);
        outType[k] = g.edgeType.get(e);
      }
      // the groups and the edges into each: its parent's and those kept
      int groups = 0;
      for (int i = 0; i < n; i++) if (g.minimum.get(i) != NONE) groupOf.set(i, groups++);
      groupInStart = new int[groups + 1];
      for (int i = 0; i < n; i++) {
        int k = groupOf.get(i);
        if (k >= 0 && i >= g.roots) groupInStart[k + 1]++;
      }
      for (int e = 0; e < g.m; e++) {
        int k = groupOf.get(g.edgeTo.get(e));
        if (k >= 0) groupInStart[k + 1]++;
      }
      for (int k = 0; k < groups; k++) groupInStart[k + 1] += groupInStart[k];
      int[] next = Arrays.copyOf(groupInStart, groups);
      groupInFrom = new int[groupInStart[groups]];
      groupInType = new int[groupInStart[groups]];
      for (int i = g.roots; i < n; i++) {
        int k = groupOf.get(i);
        if (k < 0) continue;
        int j = next[k]++;
        groupInFrom[j] = g.parent.get(i);
        groupInType[j] = g.parentType.get(i);
      }
      for (int e = 0; e < g.m; e++) {
        int k = groupOf.get(g.edgeTo.get(e));
        if (k < 0) continue;
        int j = next[k]++;
        groupInFrom[j] = g.edgeFrom.get(e);
        groupInType[j] = g.edgeType.get(e);
      }
    }

    /**
     * What happens to every CI when the roots fail or change (ImpactGraph.propagate): a normal
     * edge passes its cause's level on; a redundancy group goes DOWN only when fewer than its
     * minimum of members would stay up, DEGRADED while it survives, AT_RISK when its members are
     * only degraded or at risk. Levels only worsen, so this ends on cycles.
     */
    byte[] propagate(boolean[] membership) {
      int n = g.n;
      byte[] level = new byte[n];
      int[] work = new int[Math.max(16, n)];
      int top = 0;
      for (int r = 0; r < g.roots; r++) {
        level[r] = DOWN;
        work[top++] = r;
      }
      LongHashSet down = new LongHashSet();
      while (top > 0) {
        int u = work[--top];
        byte cause = level[u];
        for (int k = outStart[u]; k < outStart[u + 1]; k++) {
          int to = outTo[k];
          if (to < g.roots) continue;
          byte next =
              membership[outType[k]] && g.minimum.get(to) != NONE
                  ? evaluate(to, level, membership, down)
                  : (byte) Math.max(level[to], cause);
          if (next > level[to]) {
            level[to] = next;
            if (top == work.length) work = Arrays.copyOf(work, top * 2);
            work[top++] = to;
          }
        }
      }
      return level;
    }

    /** A redundancy group's level from its causes' levels (ImpactGraph.evaluate). */
    private byte evaluate(int group, byte[] level, boolean[] membership, LongHashSet down) {
      byte result = 0;
      down.clear();
      boolean touched = false;
      int k = groupOf.get(group);
      for (int j = groupInStart[k]; j < groupInStart[k + 1]; j++) {
        int from = groupInFrom[j];
        byte cause = level[from];
        if (cause == 0) continue;
        if (membership[groupInType[j]]) {
          if (cause == DOWN) down.add(from);
          else touched = true;
          continue;
        }
        result = (byte) Math.max(result, cause);
      }
      int failed = down.size();
      if (failed > 0) {
        long total = Math.max(g.members.get(group), failed);
        result =
            (byte) Math.max(result, total - failed >= g.minimum.get(group) ? DEGRADED : DOWN);
      } else if (touched) {
        result = (byte) Math.max(result, AT_RISK);
      }
      return result;
    }

    /**
     * How much each CI matters to the roots along "needs" edges (ImpactGraph.needs): DOWN when
     * needed outright, DEGRADED when only through a redundancy group that survives losing one
     * member; a path is as strong as its weakest link, a CI takes its strongest path.
     */
    byte[] needs(boolean[] membership) {
      int n = g.n;
      byte[] level = new byte[n];
      int[] work = new int[Math.max(16, n)];
      int top = 0;
      for (int r = 0; r < g.roots; r++) {
        level[r] = DOWN;
        work[top++] = r;
      }
      while (top > 0) {
        int u = work[--top];
        byte here = level[u];
        byte strength = here;
        long min = g.minimum.get(u);
        if (min != NONE && g.members.get(u) - 1L >= min) {
          strength = (byte) Math.min(here, DEGRADED);
        }
        for (int k = outStart[u]; k < outStart[u + 1]; k++) {
          int to = outTo[k];
          byte s = membership[outType[k]] ? strength : here;
          if (s > level[to]) {
            level[to] = s;
            if (top == work.length) work = Arrays.copyOf(work, top * 2);
            work[top++] = to;
          }
        }
      }
      return level;
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
    private final int endedLabel;
    private final int criticalityLabel;
    private final int groupLabel;
    private final int validTo;
    private final int idKey;
    private final int keyKey;
    private final int typeKey;
    private final int criticalityKey;
    private final int minimumKey;
    private final int lifecycleKey;
    private final PropertySelection ciProperties;
    private final PropertySelection endedProperty;
    private final Graph g;
    private final Reads reads;

    /** Properties a walked CI always has that describe() needs: read them and stop. */
    private final int always;

    /**
     * Whether describe() reads criticality (and a CI labelled HasCriticality has one more
     * property to read before it stops), and likewise the minimum of a CI labelled
     * RedundancyGroup. False when no CI ever had the label: then none has the property.
     */
    private final boolean readsCriticality;

    private final boolean readsMinimum;

    /** The properties roots are described with: all of them, whatever the statement yields. */
    private final PropertySelection rootProperties;

    // the CI last read by describe()
    private String readId;
    private String readKey;
    private String readType;
    private long readCriticality;
    private long readMinimum;
    private boolean readWalkable;

    Walker(KernelTransaction ktx, String[] typeNames, Reads reads, boolean readsIds) {
      this.ktx = ktx;
      this.reads = reads;
      this.g = new Graph(typeNames);
      this.g.keepsText = reads.text();
      this.g.masks = reads.levels();
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
      this.endedLabel = tokens.nodeLabel("HasEndedRelationship");
      this.criticalityLabel = tokens.nodeLabel("HasCriticality");
      this.groupLabel = tokens.nodeLabel("RedundancyGroup");
      this.validTo = tokens.propertyKey("validTo");
      this.idKey = tokens.propertyKey("id");
      this.keyKey = tokens.propertyKey("key");
      this.typeKey = tokens.propertyKey("type");
      this.criticalityKey = tokens.propertyKey("criticality");
      this.minimumKey = tokens.propertyKey("minimumMembers");
      this.lifecycleKey = tokens.propertyKey("lifecycle");
      int[] all =
          IntStream.of(idKey, keyKey, typeKey, criticalityKey, minimumKey, lifecycleKey)
              .filter(k -> k != TokenConstants.NO_TOKEN)
              .toArray();
      this.rootProperties =
          all.length == 0 ? PropertySelection.NO_PROPERTIES : PropertySelection.selection(all);
      // A CI always has an id, key, type and lifecycle; criticality and minimumMembers only
      // sometimes, which its labels HasCriticality and RedundancyGroup say (every CI write and
      // migration 0128 keep them in step): a read stops once it has all it can find.
      IntStream.Builder keys = IntStream.builder();
      int always = 0;
      if (reads.text() || readsIds) {
        keys.add(idKey);
        always++;
      }
      if (reads.text()) {
        keys.add(keyKey).add(typeKey).add(criticalityKey);
        always += 2;
      }
      if (reads.minimum()) keys.add(minimumKey);
      keys.add(lifecycleKey);
      always++;
      int[] selected = keys.build().filter(k -> k != TokenConstants.NO_TOKEN).toArray();
      this.ciProperties =
          selected.length == 0
              ? PropertySelection.NO_PROPERTIES
              : PropertySelection.selection(selected);
      this.always = always;
      this.readsCriticality =
          reads.text()
              && criticalityKey != TokenConstants.NO_TOKEN
              && criticalityLabel != TokenConstants.NO_TOKEN;
      this.readsMinimum =
          reads.minimum()
              && minimumKey != TokenConstants.NO_TOKEN
              && groupLabel != TokenConstants.NO_TOKEN;
      this.endedProperty =
          validTo == TokenConstants.NO_TOKEN ? null : PropertySelection.selection(validTo);
    }

    /** Types followed one way, numbered from {@code base} (types never created left out). */
    Followed types(List<String> names, int base, Direction direction) {
      IntIntHashMap numbers = new IntIntHashMap();
      for (int i = 0; i < names.size(); i++) {
        int id = tokens.relationshipType(names.get(i));
        if (id != TokenConstants.NO_TOKEN && !numbers.containsKey(id)) numbers.put(id, base + i);
      }
      int[] byId = new int[numbers.isEmpty() ? 0 : numbers.keySet().max() + 1];
      Arrays.fill(byId, -1);
      numbers.forEachKeyValue((id, number) -> byId[id] = number);
      return new Followed(
          RelationshipSelection.selection(numbers.keySet().toArray(), direction), numbers, byId);
    }

    Graph walk(
        List<String> rootIds,
        List<String> rootKeys,
        Followed in,
        Followed out,
        Followed groupIn,
        Followed groupOut,
        long maxDepth,
        long nodeCap,
        String target) {
      LongIntHashMap visited = new LongIntHashMap();
      LongHashSet refused = new LongHashSet();

      Label ci = Label.label("CI");
      // keys first, then ids: the order the application lists roots in
      for (String key : rootKeys) addRoot(tx.findNode(ci, "key", key), visited);
      for (String id : rootIds) addRoot(tx.findNode(ci, "id", id), visited);
      g.roots = g.n;
      countMembers(0, g.n, groupIn, groupOut);

      boolean found = false;
      for (int i = 0; i < g.roots; i++) found |= target != null && target.equals(g.id(i));
      // the frontier of each level is a range of the walk's order: the CIs the level before found
      int start = 0;
      int end = g.n;
      // A sparse CI keeps all its relationships in one chain: one pass reads them for both ways
      // (before, the chain was read once per way). A dense one keeps a chain per type and
      // direction: only those followed are read, each way apart.
      RelationshipSelection either = either(in, out);
      RelationshipSelection[] apart = {
        in.none() ? null : in.selection(), out.none() ? null : out.selection()
      };
      RelationshipSelection[] once = {either};
      for (int depth = 1; depth <= maxDepth && start < end && !found && !g.truncated; depth++) {
        ktx.assertOpen(); // a terminated or timed-out transaction stops the walk
        int firstEdge = g.m;
        // the frontier in the store's order (node ids): its records are read page after page
        for (int from : g.byNode(start, end)) {
          long fromNode = g.node.get(from);
          if (either == null || !position(expanded, fromNode)) continue;
          boolean mayHaveEnded = mayHaveEnded(expanded);
          for (RelationshipSelection selection :
              expanded.supportsFastDegreeLookup() ? apart : once) {
            if (selection == null) continue;
            expanded.relationships(rels, selection);
            while (rels.next()) {
              // incoming types are followed against their arrow, outgoing ones along it
              boolean along = rels.sourceNodeReference() == fromNode;
              int type = (along ? out : in).number(rels.type());
              if (type < 0) continue;
              if (mayHaveEnded && ended()) continue;
              long other = rels.otherNodeReference();
              int seen = visited.getIfAbsent(other, -1);
              if (seen >= 0) {
                if (!g.walkable(seen)) continue;
                if (reads.edges() || reads.levels()) g.edge(from, seen, type);
                if (reads.through() && g.distance.get(seen) == depth) g.through(seen, type);
                continue;
              }
              if (refused.contains(other)) continue;
              // found: described (and dropped if it is no CI in force) once the level is walked
              int reached = g.add(other);
              g.distance.set(reached, depth);
              g.parent.set(reached, from);
              g.parentType.set(reached, type);
              if (reads.through()) g.through(reached, type);
              if (reads.edges()) g.edge(from, reached, type);
              visited.put(other, reached);
            }
          }
        }
        found = describeLevel(end, nodeCap, visited, refused, firstEdge, target);
        countMembers(end, g.n, groupIn, groupOut);
        start = end;
        end = g.n;
      }
      return g;
    }

    /**
     * Describes the CIs a level found, [{@code from}, n), in the store's order (node ids, so their
     * node and property records are read page after page rather than as the walk met them), and
     * drops those that are no CI in force (refused from then on) and those past the node cap, with
     * the edges into them. True when the {@code target} is among them.
     */
    private boolean describeLevel(
        int from,
        long nodeCap,
        LongIntHashMap visited,
        LongHashSet refused,
        int firstEdge,
        String target) {
      boolean[] drop = null;
      boolean found = false;
      long room = nodeCap - (from - g.roots);
      long kept = 0;
      for (int i : g.byNode(from, g.n)) {
        long other = g.node.get(i);
        boolean keep = false;
        if (kept >= room) g.truncated = true;
        else if (!describe(other) || !readWalkable) refused.add(other);
        else keep = true;
        if (!keep) {
          if (drop == null) drop = new boolean[g.n - from];
          drop[i - from] = true;
          continue;
        }
        kept++;
        if (reads.text()) g.text(i, readId, readKey);
        g.describe(i, readType, readCriticality, readMinimum);
        if (target != null && target.equals(readId)) found = true;
      }
      if (drop != null) g.compact(from, drop, firstEdge, visited);
      return found;
    }

    /**
     * The relationships either way of the types followed (null: none): one selection, so that a
     * CI's relationship chain is read once; each relationship's direction then picks its number.
     */
    private RelationshipSelection either(Followed in, Followed out) {
      IntHashSet types = new IntHashSet();
      types.addAll(in.numbers().keySet());
      types.addAll(out.numbers().keySet());
      if (types.isEmpty()) return null;
      return RelationshipSelection.selection(types.toArray(), Direction.BOTH);
    }

    private void addRoot(Node node, LongIntHashMap visited) {
      if (node == null || visited.containsKey(node.getId())) return;
      if (!describe(node.getId(), rootProperties, true)) return;
      // a retired root is reported, but nothing walks back into it
      int i =
          g.addRoot(
              node.getId(), readId, readKey, readType, readCriticality, readMinimum, readWalkable);
      visited.put(node.getId(), i);
    }

    /**
     * Whether a relationship of the CI under {@code cursor} may have ended: only a CI labelled
     * {@code HasEndedRelationship} (set on both ends when a relationship ends, and by migration
     * 0120 on older stores) can be an end of one, so the relationships of every other CI are
     * in force without reading their properties.
     */
    private boolean mayHaveEnded(NodeCursor cursor) {
      return endedLabel != TokenConstants.NO_TOKEN
          && endedProperty != null
          && cursor.hasLabel(endedLabel);
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
     * Reads a CI's properties in one pass into the read* fields; walkable when it is a CI in
     * force (labelled CI and not retired, as the Cypher walk's `lifecycle <> 'RETIRED'`). False
     * for no CI.
     */
    private boolean describe(long nodeId) {
      return describe(nodeId, ciProperties, false);
    }

    /**
     * Reads the {@code selection} of a CI's properties; unless {@code whole}, stops once it has
     * read as many as the CI has of them (the rest of the chain is not read: {@link #wanted}).
     */
    private boolean describe(long nodeId, PropertySelection selection, boolean whole) {
      if (!position(neighbour, nodeId) || !neighbour.hasLabel(ciLabel)) return false;
      int wanted = whole ? Integer.MAX_VALUE : wanted(neighbour);
      readId = null;
      readKey = null;
      readType = null;
      readCriticality = NONE;
      readMinimum = NONE;
      String lifecycle = null;
      boolean hasId = false;
      int read = 0;
      neighbour.properties(props, selection);
      while (read < wanted && props.next()) {
        read++;
        int key = props.propertyKey();
        Value value = props.propertyValue();
        if (key == idKey) {
          readId = text(value);
          hasId = readId != null;
        } else if (key == keyKey) readKey = text(value);
        else if (key == typeKey) readType = text(value);
        else if (key == criticalityKey) readCriticality = whole(value);
        else if (key == minimumKey) readMinimum = whole(value);
        else if (key == lifecycleKey) lifecycle = text(value);
      }
      // a node labelled CI without an id is no CI (only checked where the id was read)
      if (!hasId && selection.test(idKey)) return false;
      readWalkable = lifecycle != null && !RETIRED.equals(lifecycle);
      return true;
    }

    /**
     * How many of {@link #ciProperties} the CI under {@code cursor} has: those every CI has, and
     * its criticality and minimum when read and its labels (in the node record, read already)
     * say it has them.
     */
    private int wanted(NodeCursor cursor) {
      int wanted = always;
      if (readsCriticality && cursor.hasLabel(criticalityLabel)) wanted++;
      if (readsMinimum && cursor.hasLabel(groupLabel)) wanted++;
      return wanted;
    }

    /** Members in force of each redundancy group among CIs [from, to) (those with a minimum). */
    private void countMembers(int from, int to, Followed groupIn, Followed groupOut) {
      LongHashSet members = new LongHashSet();
      for (int i = from; i < to; i++) {
        if (g.minimum.get(i) == NONE) continue;
        members.clear();
        for (Followed followed : new Followed[] {groupIn, groupOut}) {
          if (followed.none() || !position(expanded, g.node.get(i))) continue;
          boolean mayHaveEnded = mayHaveEnded(expanded);
          expanded.relationships(rels, followed.selection());
          while (rels.next()) {
            if (mayHaveEnded && ended()) continue;
            long member = rels.otherNodeReference();
            if (members.contains(member)) continue;
            if (describe(member) && readWalkable) members.add(member);
          }
        }
        g.members.set(i, members.size());
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

  private static long whole(Value value) {
    if (!(value instanceof NumberValue n)) return NONE;
    double d = n.doubleValue();
    return d == Math.rint(d) ? n.longValue() : NONE;
  }
}
