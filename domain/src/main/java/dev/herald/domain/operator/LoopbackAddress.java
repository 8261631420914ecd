package dev.herald.domain.operator;

import java.util.Locale;

/**
 * Whether an IP address literal names this machine: {@code 127.0.0.0/8}, {@code ::1} in any of its
 * spellings, and {@code ::ffff:127.x.x.x}. Parses the text itself, never resolves a name (a host
 * name is not an address and is not loopback).
 */
public final class LoopbackAddress {

    private LoopbackAddress() {
    }

    public static boolean is(String address) {
        if (address == null) {
            return false;
        }
        String text = address.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (text.indexOf(':') < 0) {
            return isIpv4Loopback(text);
        }
        return isIpv6Loopback(text);
    }

    private static boolean isIpv4Loopback(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return Integer.parseInt(parts[0]) == 127;
    }

    /** {@code ::1}, or an IPv4-mapped loopback ({@code ::ffff:127.0.0.1}); other IPv6 addresses are not. */
    private static boolean isIpv6Loopback(String text) {
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".")) {
            int[] head = groups(text.substring(0, lastColon + 1) + "0:0", 8);
            return head != null && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 0 && head[4] == 0
                    && head[5] == 0xffff && isIpv4Loopback(tail);
        }
        int[] groups = groups(text, 8);
        if (groups == null) {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[7] == 1;
    }

    /** The {@code count} 16-bit groups of an IPv6 text ({@code ::} expanded), or null when it is not one. */
    private static int[] groups(String text, int count) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] left = gap < 0 ? text.split(":", -1) : split(text.substring(0, gap));
        String[] right = gap < 0 ? new String[0] : split(text.substring(gap + 2));
        if (gap < 0 ? left.length != count : left.length + right.length > count - 1) {
            return null;
        }
        int[] groups = new int[count];
        for (int i = 0; i < left.length; i++) {
            groups[i] = group(left[i]);
        }
        for (int i = 0; i < right.length; i++) {
            groups[count - right.length + i] = group(right[i]);
        }
        for (int g : groups) {
            if (g < 0) {
                return null;
            }
        }
        return groups;
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static int group(String hex) {
        if (hex.isEmpty() || hex.length() > 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return -1;
        }
        return Integer.parseInt(hex, 16);
    }
}
