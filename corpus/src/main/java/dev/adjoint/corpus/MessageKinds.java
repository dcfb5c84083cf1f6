package dev.adjoint.corpus;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the processor message an ERROR text comes from ({@code NO_DERIVATIVE}, {@code PRIVATE_MEMBER},
 * …), by matching it against the processor's message templates, read reflectively from its
 * {@code diag.Message} enum so that the harness keeps working (grouping by text only) if that enum
 * changes shape.
 */
final class MessageKinds {
  private static final Map<String, Pattern> TEMPLATES = load();

  private MessageKinds() {}

  /** The enum constant's name, or "other". */
  static String kind(String text) {
    return match(text) == null ? "other" : match(text).getKey();
  }

  /**
   * The text with the parts that vary from call to call left out: the argument expression of a
   * call with no derivative, the method name and source lines of a refused construct.
   */
  static String key(String text) {
    Map.Entry<String, Matcher> m = match(text);
    String key = text;
    if (m != null && m.getKey().equals("NO_DERIVATIVE")) {
      key = m.getValue().group(1) + " has no known derivative";
    } else if (m != null && m.getKey().equals("TAPE_UNSUPPORTED")) {
      key = "… cannot be differentiated: it is outside the static subset (" + m.getValue().group(2) + "), and "
          + m.getValue().group(3) + " cannot run on the dynamic tape either";
    }
    return key.replaceAll(" at line \\d+", "");
  }

  private static Map.Entry<String, Matcher> match(String text) {
    for (Map.Entry<String, Pattern> e : TEMPLATES.entrySet()) {
      Matcher m = e.getValue().matcher(text);
      if (m.matches()) {
        return Map.entry(e.getKey(), m);
      }
    }
    return null;
  }

  private static Map<String, Pattern> load() {
    Map<String, Pattern> templates = new LinkedHashMap<>();
    try {
      Class<?> messages = Class.forName("dev.adjoint.processor.diag.Message");
      Field format = messages.getDeclaredField("format");
      format.setAccessible(true);
      for (Object constant : messages.getEnumConstants()) {
        String template = (String) format.get(constant);
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("%[sd]", -1)) {
          regex.append(regex.length() == 0 ? "" : "(.*?)").append(Pattern.quote(part.replace("%%", "%")));
        }
        templates.put(((Enum<?>) constant).name(), Pattern.compile(regex.toString(), Pattern.DOTALL));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.out.println("[corpus] cannot read the processor's message templates (" + e
          + "); ERRORs are grouped by text only");
    }
    return templates;
  }
}
