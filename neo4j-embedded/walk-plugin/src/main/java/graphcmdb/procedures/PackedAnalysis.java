package graphcmdb.procedures;

import java.util.ArrayList;
import java.util.List;

/**
 * An analysis's answer packed for the wire ({@code graphcmdb.impact.analysePacked}): the same
 * columns as {@link ImpactWalk.Analysed}, but each column of a page is one string instead of one
 * value per CI. neo4j-driver (JavaScript) decodes a string natively in one call, where it reads a
 * list value by value and even a byte array byte by byte. Ids and keys are concatenated, with
 * their lengths (UTF-16 code units, as Java and JavaScript count them) in a number column beside
 * them; CI types are numbers into the page's list of type names. A number column holds each value
 * plus one (so -1 is 0) as {@link #WIDTH} digits of 15 bits (the mask of types, {@link
 * #MASK_WIDTH}), each digit written as the character of its value plus one: never a surrogate,
 * never NUL, one UTF-8 byte for a digit under 127.
 */
public final class PackedAnalysis {
  /** CIs per row: a row stays a Bolt message of a few hundred KB. */
  static final int PAGE = 4096;

  /** Digits (15 bits each) of a number: values from -1 to 2^30 - 2. */
  static final int WIDTH = 2;

  /** Digits of a mask of types: 60 bits hold the 52 a mask may use. */
  static final int MASK_WIDTH = 4;

  private static final int DIGIT_BITS = 15;
  private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

  /** A page of an analysis: {@code count} CIs from walk index {@code first}. */
  public static final class Packed {
    public long first;
    public long count;

    /** The CIs' ids, concatenated; {@code idLengths}: each one's length. */
    public String ids;

    public String idLengths;
    public String keys;
    public String keyLengths;

    /** The distinct CI types of this page; {@code ciTypes}: each CI's place in it. */
    public List<String> typeNames;

    public String ciTypes;

    /** Criticality, -1 for none; then as in {@link ImpactWalk.Analysed}. */
    public String criticality;

    public String distance;
    public String parent;
    public String parentType;

    /** The mask of the types that reached the CI ({@link #MASK_WIDTH} digits). */
    public String through;

    /** 3 DOWN, 2 DEGRADED, 1 AT_RISK. */
    public String level;

    public boolean truncated;
  }

  private PackedAnalysis() {}

  static int pages(int n) {
    return (n + PAGE - 1) / PAGE;
  }

  /** CIs {@code first} to {@code first + PAGE} of the walk {@code g}, levels from {@code level}. */
  static Packed page(ImpactWalk.Graph g, int first, byte[] level) {
    int end = Math.min(g.n, first + PAGE);
    int size = end - first;
    Packed p = new Packed();
    p.first = first;
    p.count = size;
    p.truncated = g.truncated;
    Columns.Chars ids = new Columns.Chars(size * 36);
    Columns.Chars keys = new Columns.Chars(size * 16);
    Columns.Chars idLengths = numbers(size);
    Columns.Chars keyLengths = numbers(size);
    Columns.Chars ciTypes = numbers(size);
    Columns.Chars criticality = numbers(size);
    Columns.Chars distance = numbers(size);
    Columns.Chars parent = numbers(size);
    Columns.Chars parentType = numbers(size);
    Columns.Chars levels = numbers(size);
    Columns.Chars through = new Columns.Chars(size * MASK_WIDTH);
    // the page's CI types numbered as they first appear in it; a CI without one has "" (the
    // walk's number of "" too, so that both are one entry), slot t + 1 for the walk's type t
    List<String> typeNames = new ArrayList<>();
    int empty = g.ciTypeNumber("");
    int[] pageNumber = new int[g.ciTypeNames.size() + 1];
    for (int i = first; i < end; i++) {
      int at = g.textAt.get(i);
      put(idLengths, g.texts.appendId(at, ids), WIDTH);
      put(keyLengths, g.texts.appendKeyOrId(at, keys), WIDTH);
      int type = g.ciType.get(i);
      if (type < 0) type = empty;
      // pageNumber holds a page number plus one (0: not yet on this page)
      int number = pageNumber[type + 1] - 1;
      if (number < 0) {
        number = typeNames.size();
        typeNames.add(type < 0 ? "" : g.ciTypeNames.get(type));
        pageNumber[type + 1] = number + 1;
      }
      put(ciTypes, number, WIDTH);
      long c = g.criticality.get(i);
      // none is Long.MIN_VALUE in the walk; criticalities are small and positive
      put(criticality, c < 0 || c >= (1L << 30) - 1 ? -1 : c, WIDTH);
      put(distance, g.distance.get(i), WIDTH);
      put(parent, g.parent.get(i), WIDTH);
      put(parentType, g.parentType.get(i), WIDTH);
      put(through, g.throughMask(i), MASK_WIDTH);
      // as ImpactWalk.Graph#analysed: roots DOWN, a CI no cause reached at risk
      put(levels, i < g.roots ? ImpactWalk.DOWN : Math.max(ImpactWalk.AT_RISK, level[i]), WIDTH);
    }
    p.ids = ids.toString();
    p.idLengths = idLengths.toString();
    p.keys = keys.toString();
    p.keyLengths = keyLengths.toString();
    p.typeNames = typeNames;
    p.ciTypes = ciTypes.toString();
    p.criticality = criticality.toString();
    p.distance = distance.toString();
    p.parent = parent.toString();
    p.parentType = parentType.toString();
    p.through = through.toString();
    p.level = levels.toString();
    return p;
  }

  private static Columns.Chars numbers(int size) {
    return new Columns.Chars(size * WIDTH);
  }

  /** {@code value + 1} as {@code width} digits of 15 bits, most significant first. */
  static void put(Columns.Chars out, long value, int width) {
    long v = value + 1;
    for (int d = width - 1; d >= 0; d--) {
      out.append((char) (((v >>> (d * DIGIT_BITS)) & DIGIT_MASK) + 1));
    }
  }
}
