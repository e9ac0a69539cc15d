package dev.crawlyard.collectors.crawler;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The crawler's side of the IPC protocol on stdout: items, progress and log lines, one JSON object
 * a line. A write that fails means the runner that reads the output is gone, so the crawler stops.
 */
final class IpcOut {

    /** Items a data line holds at most, well under the runner's limits (10,000 items, 1 MiB a line). */
    static final int ITEMS_PER_LINE = 500;
    private static final int BYTES_PER_LINE = 512 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputStream out;
    private volatile boolean broken;

    IpcOut(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    /** Standard output, written without System.out's habit of hiding errors. */
    static IpcOut stdout() {
        return new IpcOut(new FileOutputStream(FileDescriptor.out));
    }

    /** Items, as few data lines as the limits allow. */
    synchronized void items(List<Map<String, Object>> items) {
        List<String> line = new ArrayList<>();
        int bytes = 0;
        for (Map<String, Object> item : items) {
            String json = JSON.writeValueAsString(item);
            if (!line.isEmpty() && (line.size() >= ITEMS_PER_LINE || bytes + json.length() > BYTES_PER_LINE)) {
                write("{\"ipc\":true,\"type\":\"data\",\"payload\":[" + String.join(",", line) + "]}");
                line.clear();
                bytes = 0;
            }
            line.add(json);
            bytes += json.length() + 1;
        }
        if (!line.isEmpty()) {
            write("{\"ipc\":true,\"type\":\"data\",\"payload\":[" + String.join(",", line) + "]}");
        }
        flush();
    }

    synchronized void progress(String stage, long current, long total) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("stage", stage);
        payload.put("current", current);
        payload.put("total", total);
        payload.put("percentage", total <= 0 ? 0.0 : Math.min(100.0, Math.round(1000.0 * current / total) / 10.0));
        message("progress", payload);
    }

    synchronized void log(String level, String text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("level", level);
        payload.put("message", text);
        message("log", payload);
    }

    synchronized void error(String kind, String text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("message", text);
        payload.put("kind", kind);
        message("error", payload);
    }

    /** Whether a write has failed: nobody reads the output any more. */
    boolean broken() {
        return broken;
    }

    private void message(String type, Map<String, Object> payload) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ipc", true);
        line.put("type", type);
        line.put("payload", payload);
        write(JSON.writeValueAsString(line));
        flush();
    }

    private void write(String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            broken = true;
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
