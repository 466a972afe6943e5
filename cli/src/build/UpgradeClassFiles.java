import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step of the shaded jar (run by cli/pom.xml after the shade): rewrites the jar's pre-Java-6 class
 * files (picocli's, compiled for Java 5) in place as Java 8 class files, instructions unchanged, stack maps
 * computed. A JDK 25 AOT cache skips such "old" classes once they are linked, so without this every run
 * loaded and verified about 180 picocli classes from the jar (about 0.1 s of a 0.4 s {@code ragtime info}).
 * Usage: {@code java UpgradeClassFiles.java JAR}.
 */
public class UpgradeClassFiles {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> classes;
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                classes = s.filter(p -> p.toString().endsWith(".class")).toList();
            }
            // stack maps need the common superclass of merged types: the JDK's classes, else the jar's
            ClassHierarchyResolver inJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
                String d = desc.descriptorString();
                Path p = fs.getPath("/" + d.substring(1, d.length() - 1) + ".class");
                try {
                    return Files.exists(p) ? Files.newInputStream(p) : null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(inJar)));
            int n = 0;
            for (Path p : classes) {
                ClassModel m = cf.parse(Files.readAllBytes(p));
                if (m.majorVersion() >= ClassFile.JAVA_6_VERSION) {
                    continue;
                }
                Files.write(p, cf.transformClass(m, ClassTransform.dropping(e -> e instanceof ClassFileVersion)
                        .andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))
                        .andThen(ClassTransform.endHandler(b -> b.withVersion(ClassFile.JAVA_8_VERSION, 0)))));
                n++;
            }
            System.out.println("UpgradeClassFiles: " + n + " class files of " + jar.getFileName() + " now Java 8 class files");
        }
    }
}
