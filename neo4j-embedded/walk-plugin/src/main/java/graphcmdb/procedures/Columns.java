package graphcmdb.procedures;

import java.util.Arrays;

/**
 * A walk's columns, grown in fixed-size chunks rather than by doubling one array: nothing is
 * copied as a walk grows, no chunk is over G1's humongous threshold (half a region, 512 KiB at
 * the least), and a chunk nobody wrote is never allocated, so a sparse column (a group's minimum)
 * costs nothing where it has no value.
 */
final class Columns {
  private Columns() {}

  /** Entries per chunk of a number column: 64 KiB of ints, 128 KiB of longs. */
  static final int SHIFT = 14;

  static final int SIZE = 1 << SHIFT;
  static final int MASK = SIZE - 1;

  /** A column of ints; {@code fill} where none was set. */
  static final class Ints {
    private final int fill;
    private int[][] chunks = new int[4][];

    Ints(int fill) {
      this.fill = fill;
    }

    int get(int i) {
      int k = i >>> SHIFT;
      int[] c = k < chunks.length ? chunks[k] : null;
      return c == null ? fill : c[i & MASK];
    }

    void set(int i, int value) {
      if (value == fill) {
        int k = i >>> SHIFT;
        if (k >= chunks.length || chunks[k] == null) return; // a sparse column stays unallocated
      }
      chunk(i)[i & MASK] = value;
    }

    private int[] chunk(int i) {
      int k = i >>> SHIFT;
      if (k >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(k + 1, chunks.length * 2));
      int[] c = chunks[k];
      if (c == null) {
        c = new int[SIZE];
        if (fill != 0) Arrays.fill(c, fill);
        chunks[k] = c;
      }
      return c;
    }
  }

  /** A column of longs; {@code fill} where none was set. */
  static final class Longs {
    private final long fill;
    private long[][] chunks = new long[4][];

    Longs(long fill) {
      this.fill = fill;
    }

    long get(int i) {
      int k = i >>> SHIFT;
      long[] c = k < chunks.length ? chunks[k] : null;
      return c == null ? fill : c[i & MASK];
    }

    void set(int i, long value) {
      if (value == fill && get(i) == fill) return; // a sparse column stays unallocated
      int k = i >>> SHIFT;
      if (k >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(k + 1, chunks.length * 2));
      long[] c = chunks[k];
      if (c == null) {
        c = new long[SIZE];
        if (fill != 0) Arrays.fill(c, fill);
        chunks[k] = c;
      }
      c[i & MASK] = value;
    }
  }

  /**
   * Characters appended to one array, made a String at the end: a copy per run of characters
   * and one compression to Latin-1 for the whole, where a StringBuilder checks every character
   * it is given.
   */
  static final class Chars {
    private char[] chars;
    private int length;

    Chars(int capacity) {
      chars = new char[Math.max(16, capacity)];
    }

    void append(char c) {
      if (length == chars.length) chars = Arrays.copyOf(chars, length * 2);
      chars[length++] = c;
    }

    void append(char[] from, int offset, int count) {
      if (length + count > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(length + count, chars.length * 2));
      }
      System.arraycopy(from, offset, chars, length, count);
      length += count;
    }

    @Override
    public String toString() {
      return new String(chars, 0, length);
    }
  }

  /**
   * Each CI's id and key, as characters in chunks of {@link #TEXT_SIZE} (a CI's in one chunk):
   * the walk keeps no String per CI (the strings read die young, the columns do not hold
   * millions of small objects for the collector to copy). A CI's text is its id's length (two
   * characters), its id, its key's length plus one (two characters, 0: no key) and its key;
   * {@link #put} answers where it starts.
   */
  static final class Texts {
    private static final int TEXT_SHIFT = 16;
    static final int TEXT_SIZE = 1 << TEXT_SHIFT;

    private char[][] chunks = new char[4][];
    private int count; // chunks in use
    private char[] current;
    private int used;

    /** Stores an id and a key (null: none); where they are, for {@link #id} and the rest. */
    int put(String id, String key) {
      int need = 4 + id.length() + (key == null ? 0 : key.length());
      if (current == null || used + need > current.length) {
        if (count >= 1 << (31 - TEXT_SHIFT)) {
          throw new IllegalStateException("a walk's ids and keys are over 2^31 characters");
        }
        current = new char[Math.max(TEXT_SIZE, need)];
        if (count == chunks.length) chunks = Arrays.copyOf(chunks, count * 2);
        chunks[count++] = current;
        used = 0;
      }
      int at = (count - 1) << TEXT_SHIFT | used;
      char[] c = current;
      int p = used;
      p = length(c, p, id.length());
      id.getChars(0, id.length(), c, p);
      p += id.length();
      p = length(c, p, key == null ? 0 : key.length() + 1);
      if (key != null) {
        key.getChars(0, key.length(), c, p);
        p += key.length();
      }
      used = p;
      // an id and key over a chunk have one of their own: the next starts a new one
      if (c.length > TEXT_SIZE) current = null;
      return at;
    }

    private static int length(char[] c, int p, int length) {
      c[p] = (char) (length >>> 16);
      c[p + 1] = (char) length;
      return p + 2;
    }

    private static int length(char[] c, int p) {
      return c[p] << 16 | c[p + 1];
    }

    private char[] chunk(int at) {
      return chunks[at >>> TEXT_SHIFT];
    }

    private static int offset(int at) {
      return at & (TEXT_SIZE - 1);
    }

    String id(int at) {
      char[] c = chunk(at);
      int p = offset(at);
      return new String(c, p + 2, length(c, p));
    }

    /** The key, null for none. */
    String key(int at) {
      char[] c = chunk(at);
      int p = offset(at);
      p += 2 + length(c, p);
      int k = length(c, p);
      return k == 0 ? null : new String(c, p + 2, k - 1);
    }

    /** Appends the id; answers its length. */
    int appendId(int at, Chars out) {
      char[] c = chunk(at);
      int p = offset(at);
      int length = length(c, p);
      out.append(c, p + 2, length);
      return length;
    }

    /** Appends the key (the id where there is none); answers its length. */
    int appendKeyOrId(int at, Chars out) {
      char[] c = chunk(at);
      int p = offset(at);
      int idLength = length(c, p);
      int k = length(c, p + 2 + idLength);
      if (k == 0) {
        out.append(c, p + 2, idLength);
        return idLength;
      }
      out.append(c, p + 4 + idLength, k - 1);
      return k - 1;
    }
  }
}
