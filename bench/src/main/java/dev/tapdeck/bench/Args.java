package dev.tapdeck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The load programs' {@code --name value} arguments; a repeated name gives a list. */
final class Args {
    private Args() {
    }

    static String string(String[] args, String name, String fallback) {
        List<String> all = all(args, name);
        return all.isEmpty() ? fallback : all.get(all.size() - 1);
    }

    static int integer(String[] args, String name, int fallback) {
        String s = string(args, name, null);
        return s == null ? fallback : Integer.parseInt(s);
    }

    /** Comma-separated integers, e.g. {@code --winrm-connections 16,1}. */
    static int[] integers(String[] args, String name, String fallback) {
        return Arrays.stream(string(args, name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    static List<String> all(String[] args, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                values.add(args[++i]);
            }
        }
        return values;
    }
}
