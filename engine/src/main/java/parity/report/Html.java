package parity.report;

/** Text made safe for HTML and SVG: element content and attribute values alike. */
final class Html {

    private Html() {
    }

    static String text(String raw) {
        StringBuilder safe = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> safe.append("&amp;");
                case '<' -> safe.append("&lt;");
                case '>' -> safe.append("&gt;");
                case '"' -> safe.append("&quot;");
                case '\'' -> safe.append("&#39;");
                default -> safe.append(c);
            }
        }
        return safe.toString();
    }

    /**
     * An element id derived from content, so that the same run gives the same ids: a prefix, the
     * ordinal (names need not be unique) and the name with every character but letters, digits, '-'
     * and '_' replaced by '-'.
     */
    static String id(String prefix, int ordinal, String name) {
        return prefix + ordinal + "-" + name.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
