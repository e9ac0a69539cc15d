package dev.crawlyard.api.files;

import dev.crawlyard.api.errors.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Unpacks an uploaded zip archive into an upload's files. The archive's central directory is
 * read (it is where symbolic links and devices show up, in the entries' Unix modes), every entry
 * is checked before anything is stored, and entries are inflated with their sizes and their
 * expansion counted as they go, so that a zip bomb is stopped long before it is unpacked.
 */
final class ZipUpload {

    /** Any file may inflate this far whatever its ratio: small files compress unevenly, and cannot inflate far. */
    private static final long RATIO_ALLOWANCE = 64 * 1024;

    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;

    private ZipUpload() {
    }

    /** Adds the archive's regular files to {@code into}. */
    static void unpack(byte[] archive, UploadedFiles into, FilesProperties limits) {
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(archive)).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String origin = "zip entry '" + entry.getName() + "'";
                int type = entry.getUnixMode() & TYPE_MASK;
                if (entry.isUnixSymlink() || type == SYMLINK) {
                    throw ApiException.badRequest(origin + " is a symbolic link; archives may hold regular files only");
                }
                UploadedFiles.checkedPath(origin, entry.getName());
                if (entry.isDirectory() || type == DIRECTORY) {
                    continue;
                }
                if (type != 0 && type != REGULAR) {
                    throw ApiException.badRequest(origin + " is a device, FIFO or socket, not a regular file");
                }
                if (!zip.canReadEntryData(entry)) {
                    throw ApiException.badRequest(origin + " is encrypted or compressed with an unsupported method");
                }
                long expansion = Math.max(RATIO_ALLOWANCE, entry.getCompressedSize() * limits.maxZipRatio());
                try (InputStream body = new CountingLimit(zip.getInputStream(entry), expansion, origin, limits)) {
                    into.add(origin, entry.getName(), body);
                }
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the upload is not a readable zip archive: " + e.getMessage());
        }
    }

    /** Refuses, with a 413, an entry that inflates past its allowed expansion. */
    private static final class CountingLimit extends InputStream {

        private final InputStream in;
        private final long limit;
        private final String origin;
        private final FilesProperties limits;
        private long read;

        CountingLimit(InputStream in, long limit, String origin, FilesProperties limits) {
            this.in = in;
            this.limit = limit;
            this.origin = origin;
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw ApiException.tooLarge(origin + " expands more than " + limits.maxZipRatio()
                        + " times its compressed size (crawlyard.files.max-zip-ratio); the archive looks like a zip bomb");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
