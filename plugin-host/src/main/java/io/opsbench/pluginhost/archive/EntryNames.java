package io.opsbench.pluginhost.archive;

import io.opsbench.pluginhost.archive.BundleRejected.Reason;

/** Entry-name rules: a name must stay inside the directory it is extracted to, on any OS. */
final class EntryNames {

    private EntryNames() {
    }

    static void check(String name) {
        if (name == null || name.isEmpty()) {
            throw new BundleRejected(Reason.INVALID_NAME, name, "empty entry name");
        }
        if (name.indexOf('\\') >= 0) {
            throw new BundleRejected(Reason.BACKSLASH, name, "backslash in entry name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new BundleRejected(Reason.ABSOLUTE_PATH, name, "absolute entry name");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BundleRejected(Reason.INVALID_NAME, name, "control character in entry name");
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new BundleRejected(Reason.PARENT_SEGMENT, name, "'..' segment in entry name");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new BundleRejected(Reason.INVALID_NAME, name, "empty or '.' segment in entry name");
            }
        }
    }

    /** The name an entry occupies on disk: a file {@code a} and a directory {@code a/} collide. */
    static String key(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
