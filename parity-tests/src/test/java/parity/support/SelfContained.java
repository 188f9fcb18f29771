package parity.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What an HTML page would fetch from elsewhere: an attribute that loads something ({@code src},
 * {@code srcset}, {@code data}, {@code xlink:href}, …), an {@code href} that is not an anchor in the page,
 * an element that embeds or runs something, and, anywhere in the text, {@code url(}, {@code @import} or
 * an {@code http:}/{@code https:} address. Empty for a page that opens from disk with no network.
 */
public final class SelfContained {

    private static final List<String> LOADING_ATTRIBUTES = List.of("src", "srcset", "data", "action", "xlink:href",
            "background", "poster", "formaction");
    private static final String EMBEDDING = "script, link, img, iframe, frame, object, embed, image, use, source, "
            + "video, audio, track, base, meta[http-equiv=refresh]";

    private SelfContained() {
    }

    public static List<String> externalReferences(String html) {
        List<String> found = new ArrayList<>();
        Document page = Jsoup.parse(html);
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                if (LOADING_ATTRIBUTES.contains(key) || key.equals("href") && !attribute.getValue().startsWith("#")) {
                    found.add(element.tagName() + " " + key + "=" + attribute.getValue());
                }
            }
        }
        page.select(EMBEDDING).forEach(element -> found.add("<" + element.tagName() + ">"));
        String text = html.toLowerCase(Locale.ROOT);
        for (String marker : List.of("url(", "@import", "http:", "https:")) {
            if (text.contains(marker)) {
                found.add(marker);
            }
        }
        return found;
    }
}
