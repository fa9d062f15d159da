package dev.tapdeck.samples.winrm;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Windows path arithmetic for the in-memory file store, after .NET {@code Path.GetFullPath}: forward slashes
 * become backslashes, repeated separators collapse (winrmcp sends {@code C:\\temp\\x} from PowerShell, where
 * a backslash is no escape), {@code .} and {@code ..} are resolved, trailing dots and spaces of a segment are
 * dropped, and a relative path is taken from the working directory. Case is kept; comparisons elsewhere
 * ignore it, like NTFS.
 */
final class WindowsPaths {
    private WindowsPaths() {
    }

    /** The full path of {@code path} seen from {@code workingDirectory} (itself a full path such as {@code C:\Users\name}). */
    static String fullPath(String path, String workingDirectory) {
        String p = path.replace('/', '\\');
        String root;
        String rest;
        if (p.startsWith("\\\\")) {
            root = "\\\\";
            rest = p.substring(2);
        } else if (p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':') {
            root = p.substring(0, 2) + "\\";
            rest = p.substring(2);
        } else if (p.startsWith("\\")) {
            root = workingDirectory.substring(0, 2) + "\\";
            rest = p;
        } else {
            return fullPath(workingDirectory + "\\" + p, workingDirectory);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rest.split("\\\\")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            String trimmed = stripTrailingDotsAndSpaces(segment);
            if (!trimmed.isEmpty()) {
                segments.addLast(trimmed);
            }
        }
        return root + String.join("\\", segments);
    }

    /** The directory part of a full path, without the trailing separator (the root keeps its own). */
    static String parent(String fullPath) {
        int slash = fullPath.lastIndexOf('\\');
        if (slash <= 2) {
            return fullPath.substring(0, Math.min(fullPath.length(), 3));
        }
        return fullPath.substring(0, slash);
    }

    private static String stripTrailingDotsAndSpaces(String segment) {
        int end = segment.length();
        while (end > 0 && (segment.charAt(end - 1) == '.' || segment.charAt(end - 1) == ' ')) {
            end--;
        }
        return segment.substring(0, end);
    }
}
