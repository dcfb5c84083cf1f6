package dev.adjoint.corpus;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Finds the candidates in a library's sources with the JDK's own parser (no attribution, so no
 * class path is needed): static methods with a body that return {@code double} and whose
 * parameters are all primitives (numbers, {@code boolean}, {@code char}) or arrays of them.
 */
public final class CandidateFinder {
  private static final Set<TypeKind> PARAMETER_KINDS = Set.of(TypeKind.DOUBLE, TypeKind.FLOAT, TypeKind.INT,
      TypeKind.LONG, TypeKind.SHORT, TypeKind.BYTE, TypeKind.CHAR, TypeKind.BOOLEAN);

  private static final Pattern PRIVATE = Pattern.compile("\\bprivate\\b");

  private CandidateFinder() {}

  /** Candidates of every file ({@code path -> text}), in file order and, per file, in source order. */
  public static List<Candidate> find(Map<String, String> files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> objects = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      objects.add(source(e.getKey(), e.getValue()));
    }
    JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, objects);
    SourcePositions positions = Trees.instance(task).getSourcePositions();
    List<Candidate> found = new ArrayList<>();
    try {
      for (CompilationUnitTree unit : task.parse()) {
        String file = unit.getSourceFile().toUri().getPath().substring(1);
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString() + ".";
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree c) {
            collect(c, pkg + c.getSimpleName(), file, unit, positions, found);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /**
   * {@code text} with the keyword {@code private} blanked out (same length, so positions and lines
   * stay) on every class, field, method and constructor declaration: the copy in which the
   * companion may use every member of the class.
   */
  public static String openPrivate(String path, String text) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null,
        List.of(source(path, text)));
    SourcePositions positions = Trees.instance(task).getSourcePositions();
    StringBuilder open = new StringBuilder(text);
    try {
      for (CompilationUnitTree unit : task.parse()) {
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitModifiers(ModifiersTree modifiers, Void unused) {
            if (modifiers.getFlags().contains(Modifier.PRIVATE)) {
              int start = (int) positions.getStartPosition(unit, modifiers);
              int end = (int) positions.getEndPosition(unit, modifiers);
              Matcher m = start >= 0 && end > start ? PRIVATE.matcher(open.substring(start, end)) : null;
              if (m != null && m.find()) {
                open.replace(start + m.start(), start + m.end(), "       ");
              }
            }
            return super.visitModifiers(modifiers, unused);
          }
        }.scan(unit, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return open.toString();
  }

  /** A source file object holding {@code text}, named by its path in the sources jar. */
  public static JavaFileObject source(String path, String text) {
    return new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    };
  }

  private static void collect(ClassTree type, String binaryName, String file, CompilationUnitTree unit,
      SourcePositions positions, List<Candidate> found) {
    for (Tree member : type.getMembers()) {
      if (member instanceof ClassTree nested) {
        collect(nested, binaryName + "$" + nested.getSimpleName(), file, unit, positions, found);
      } else if (member instanceof MethodTree m && isCandidate(m)) {
        List<String> types = new ArrayList<>();
        for (VariableTree p : m.getParameters()) {
          types.add(p.getType().toString());
        }
        int start = (int) positions.getStartPosition(unit, m);
        int resultStart = (int) positions.getStartPosition(unit, m.getReturnType());
        if (!m.getTypeParameters().isEmpty()) {
          resultStart = (int) positions.getStartPosition(unit, m.getTypeParameters().get(0)) - 1;
        }
        long line = unit.getLineMap().getLineNumber(start);
        found.add(new Candidate(file, binaryName, m.getName().toString(), types, start, resultStart,
            m.getModifiers().getFlags().contains(Modifier.PRIVATE), (int) line));
      }
    }
  }

  static boolean isCandidate(MethodTree m) {
    if (!m.getModifiers().getFlags().contains(Modifier.STATIC) || m.getBody() == null
        || !(m.getReturnType() instanceof PrimitiveTypeTree r) || r.getPrimitiveTypeKind() != TypeKind.DOUBLE) {
      return false;
    }
    for (VariableTree p : m.getParameters()) {
      Tree t = p.getType();
      while (t instanceof ArrayTypeTree a) {
        t = a.getType();
      }
      if (!(t instanceof PrimitiveTypeTree pt) || !PARAMETER_KINDS.contains(pt.getPrimitiveTypeKind())) {
        return false;
      }
    }
    return true;
  }
}
