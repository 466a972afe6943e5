package org.ragtime.io.csv;

/**
 * Python 3's {@code repr(str)}: single quotes unless the text holds a single quote and no double quote; backslash,
 * the quote, tab, line feed and carriage return escaped; other characters Python does not print (Unicode categories
 * Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space) as {@code \xhh}, {@code \\uhhhh} or {@code \Uhhhhhhhh};
 * everything else, non-ASCII letters included, as it is. Hand-written: no library reproduces Python's rule.
 */
final class PythonRepr {
    private PythonRepr() {
    }

    static StringBuilder string(StringBuilder sb, String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == q || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp >= 0x80 && !printable(cp)) {
                sb.append(cp < 0x100 ? String.format("\\x%02x", cp) : cp < 0x10000 ? String.format("\\u%04x", cp)
                        : String.format("\\U%08x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.append(q);
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
