package dev.crawlyard.store.files;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The {@code blobs} table: file bodies stored once by the SHA-256 of their content. Bodies are
 * never changed or replaced, so that a hash always names the same bytes.
 */
public class BlobStore {

    /** Hashes per lookup: enough to make a 1,000-file spider one round trip. */
    private static final int HASHES_PER_QUERY = 1000;

    /** Body bytes per insert, so that one statement stays a modest size. */
    private static final long BYTES_PER_INSERT = 16L * 1024 * 1024;

    private final JdbcClient jdbc;

    public BlobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The hashes among {@code hashes} whose bodies are stored. */
    public Set<String> stored(Collection<String> hashes) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(List.copyOf(new HashSet<>(hashes)), HASHES_PER_QUERY)) {
            found.addAll(jdbc.sql("SELECT sha256 FROM blobs WHERE sha256 = ANY(:hashes)")
                    .param("hashes", new SqlArrayValue("text", chunk.toArray()))
                    .query(String.class)
                    .list());
        }
        return found;
    }

    /**
     * Stores the bodies that are not stored yet. Each body is hashed again here, so that a caller's
     * mistake can never put bytes under another body's hash.
     *
     * @param bodies body by its hash
     * @return how many bodies were new
     */
    public int storeAll(Map<String, byte[]> bodies) {
        Set<String> present = stored(bodies.keySet());
        List<String> hashes = new ArrayList<>();
        List<byte[]> batch = new ArrayList<>();
        long batchBytes = 0;
        int inserted = 0;
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            if (present.contains(body.getKey())) {
                continue;
            }
            if (!Sha256.of(body.getValue()).equals(body.getKey())) {
                throw new IllegalArgumentException("a body does not match the hash it is stored under: " + body.getKey());
            }
            if (!batch.isEmpty() && batchBytes + body.getValue().length > BYTES_PER_INSERT) {
                inserted += insert(hashes, batch);
                hashes.clear();
                batch.clear();
                batchBytes = 0;
            }
            hashes.add(body.getKey());
            batch.add(body.getValue());
            batchBytes += body.getValue().length;
        }
        if (!batch.isEmpty()) {
            inserted += insert(hashes, batch);
        }
        return inserted;
    }

    private int insert(List<String> hashes, List<byte[]> bodies) {
        // Another upload may store the same body at the same moment; either copy is the same bytes.
        return jdbc.sql("""
                        INSERT INTO blobs (sha256, size, body)
                        SELECT h, octet_length(b), b FROM unnest(:hashes, :bodies) AS u (h, b)
                        ON CONFLICT (sha256) DO NOTHING""")
                .param("hashes", new SqlArrayValue("text", hashes.toArray()))
                .param("bodies", new SqlArrayValue("bytea", (Object[]) bodies.toArray(new byte[0][])))
                .update();
    }

    /**
     * Reads the bodies of {@code hashes} in one query; hashes that are not stored are absent from
     * the answer. The caller bounds how many bytes it asks for at once.
     */
    public Map<String, byte[]> read(Collection<String> hashes) {
        Map<String, byte[]> bodies = new HashMap<>();
        for (List<String> chunk : chunks(List.copyOf(new HashSet<>(hashes)), HASHES_PER_QUERY)) {
            jdbc.sql("SELECT sha256, body FROM blobs WHERE sha256 = ANY(:hashes)")
                    .param("hashes", new SqlArrayValue("text", chunk.toArray()))
                    .query((rs, row) -> bodies.put(rs.getString("sha256"), rs.getBytes("body")))
                    .list();
        }
        return bodies;
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }
}
