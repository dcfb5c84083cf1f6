package dev.adjoint.processor;

import static dev.adjoint.processor.testing.CompiledSources.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.CompiledSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot rot silently: every relative link in {@code README.md} and
 * {@code docs/} resolves (files, directories and {@code #heading} anchors), every Java example of
 * the README compiles with the processor, and every block marked as an excerpt quotes, in order,
 * lines of the file it names — of a file in the repository ({@code <!-- excerpt of PATH -->}), or
 * of the companion the processor generates for a source file ({@code <!-- excerpt of the
 * companion of PATH -->}, {@code … of the example above}).
 */
class DocsTest {
  /** The repository root: the processor's tests run in {@code processor/}. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
  private static final Pattern MARKER = Pattern.compile("<!-- excerpt of (.+?) -->");
  private static final String COMPANION = "the companion of ";

  private static List<Path> markdown() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("benchmarks/README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** One fenced block: its language, its lines, and the excerpt marker just above it (or null). */
  private record Block(String language, List<String> lines, String marker, int line) {}

  private static List<Block> blocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("```")) {
        String language = lines.get(i).substring(3).strip();
        Matcher m = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
        int start = i + 1;
        do {
          i++;
        } while (i < lines.size() && !lines.get(i).startsWith("```"));
        blocks.add(new Block(language, lines.subList(start, Math.min(i, lines.size())),
            m != null && m.matches() ? m.group(1) : null, start));
      }
    }
    return blocks;
  }

  /** The text outside fenced blocks and inline code, where links live. */
  private static List<String> prose(List<String> lines) {
    List<String> prose = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        prose.add("");
      } else {
        prose.add(fenced ? "" : line.replaceAll("`[^`]*`", "``"));
      }
    }
    return prose;
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  private static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path file : markdown()) {
      List<String> lines = prose(Files.readAllLines(file));
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINK.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z]+:.*")) {
            continue; // http:, https:, mailto:
          }
          links++;
          int hash = target.indexOf('#');
          String path = hash < 0 ? target : target.substring(0, hash);
          String anchor = hash < 0 ? "" : target.substring(hash + 1);
          Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
          String where = ROOT.relativize(file) + ":" + (i + 1) + ": " + target;
          if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
            broken.add(where + " (no such file)");
          } else if (!anchor.isEmpty() && (!resolved.toString().endsWith(".md") || !headingAnchors(resolved).contains(anchor))) {
            broken.add(where + " (no such heading; there are " + headingAnchors(resolved) + ")");
          }
        }
      }
    }
    assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    assertTrue(links > 40, "only " + links + " links found");
  }

  /** The anchors of a file's headings, as written (code spans included, backticks dropped); repeats numbered. */
  private static Set<String> headingAnchors(Path file) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$").matcher(line);
      if (!fenced && m.matches()) {
        String slug = slug(m.group(1));
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }

  @Test
  void readmeJavaExamplesCompileAndItsExcerptIsTheGeneratedCode() throws IOException {
    Path readme = ROOT.resolve("README.md");
    List<Block> blocks = blocks(Files.readAllLines(readme));
    List<JavaFileObject> sources = new ArrayList<>();
    String example = null;
    for (Block b : blocks) {
      if (b.language().equals("java") && b.marker() == null) {
        String code = String.join("\n", b.lines());
        Matcher type = Pattern.compile("(?m)^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)")
            .matcher(code);
        assertTrue(type.find(), "README.md:" + b.line() + ": a Java example must declare a top-level type");
        sources.add(source(type.group(1), code));
        example = example == null ? type.group(1) : example;
      }
    }
    assertTrue(sources.size() >= 2, sources.size() + " Java examples");
    CompiledSources compiled = CompiledSources.compile(sources.toArray(JavaFileObject[]::new));
    int excerpts = 0;
    for (Block b : blocks) {
      if ("the companion of the example above".equals(b.marker())) {
        assertQuotes("README.md:" + b.line(), b.lines(), compiled.generatedSource(example + "Derivatives"));
        excerpts++;
      }
    }
    assertEquals(1, excerpts, "the README shows the example's generated code once");
  }

  @Test
  void everyExcerptQuotesItsFile() throws IOException {
    int excerpts = 0;
    for (Path file : markdown()) {
      for (Block b : blocks(Files.readAllLines(file))) {
        String marker = b.marker();
        if (marker == null || marker.equals("the companion of the example above")) {
          continue;
        }
        String where = ROOT.relativize(file) + ":" + b.line();
        boolean companion = marker.startsWith(COMPANION);
        Path target = file.getParent().resolve(companion ? marker.substring(COMPANION.length()) : marker).normalize();
        assertTrue(Files.exists(target), where + ": no file " + target);
        String text = Files.readString(target);
        if (companion) {
          text = companionOf(target, text);
        }
        assertQuotes(where, b.lines(), text);
        excerpts++;
      }
    }
    assertTrue(excerpts >= 3, excerpts + " excerpts");
  }

  /** The companion the processor writes for a source file. */
  private static String companionOf(Path source, String code) {
    Matcher pkg = Pattern.compile("(?m)^package\\s+([\\w.]+);").matcher(code);
    String name = source.getFileName().toString().replace(".java", "");
    String qualified = pkg.find() ? pkg.group(1) + "." + name : name;
    return CompiledSources.compile(source(qualified, code)).generatedSource(qualified + "Derivatives");
  }

  /** Every line of the excerpt, but "..." lines, occurs in the text, in this order (indentation aside). */
  private static void assertQuotes(String where, List<String> excerpt, String text) {
    List<String> lines = text.lines().map(String::strip).toList();
    int at = 0;
    for (String line : excerpt) {
      String wanted = line.strip();
      if (wanted.isEmpty() || wanted.equals("...") || wanted.equals("…")) {
        continue;
      }
      int found = lines.subList(at, lines.size()).indexOf(wanted);
      assertTrue(found >= 0, where + ": the excerpt's line\n  " + wanted + "\nis not in the quoted file after line "
          + at + " (was the code regenerated? update the excerpt)");
      at += found + 1;
    }
  }
}
