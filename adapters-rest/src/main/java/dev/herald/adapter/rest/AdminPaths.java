package dev.herald.adapter.rest;

/**
 * Which resource methods are admin endpoints: everything under {@code /api/admin/} and the drain.
 * Decided on the matched resource's path templates (not the request's text), so no spelling of a
 * URL (matrix parameters, encoded or doubled slashes) reaches an admin method without the guard,
 * and a new resource under {@code /admin} is guarded without a line of its own.
 */
final class AdminPaths {

    private AdminPaths() {
    }

    /**
     * @param classPath  the resource class's {@code @Path} value, or null
     * @param methodPath the resource method's {@code @Path} value, or null
     */
    static boolean guarded(String classPath, String methodPath) {
        String template = join(classPath, methodPath);
        return template.equals("admin") || template.startsWith("admin/") || template.equals("realtime/drain");
    }

    private static String join(String classPath, String methodPath) {
        String joined = trim(classPath) + "/" + trim(methodPath);
        return trim(joined.replaceAll("/+", "/"));
    }

    private static String trim(String path) {
        if (path == null) {
            return "";
        }
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
