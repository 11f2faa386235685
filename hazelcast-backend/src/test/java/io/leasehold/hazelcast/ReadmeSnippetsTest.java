package io.leasehold.hazelcast;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every Java snippet in the repository's README.md is compiled code: the prose before each
 * {@code ```java} block names the file (with a backticked path ending in {@code .java}), the block
 * is a whole unit (its imports, then a class or a method), and it appears in that file as it is:
 * its imports among the file's, the rest line for line (modulo indentation and blank lines). The
 * files are compiled by their modules' tests, which also run them.
 */
class ReadmeSnippetsTest {

    private static final Pattern NAMED_FILE = Pattern.compile("`([\\w./-]+\\.java)`");

    record Snippet(int line, String file, List<String> lines) {
    }

    @Test
    void everyJavaSnippetInTheReadmeIsTheCompiledFileItNames() throws IOException {
        Path root = repositoryRoot();
        List<Snippet> snippets = javaSnippets(Files.readAllLines(root.resolve("README.md")));
        assertTrue(snippets.size() >= 10, "expected the README's Java snippets, found " + snippets.size());
        List<String> problems = new ArrayList<>();
        for (Snippet snippet : snippets) {
            problems.addAll(check(root, snippet));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theReadmesDependencyBlockNamesThisVersionOfTheBackend() throws IOException {
        Path root = repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher version = Pattern.compile("<artifactId>leasehold-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(version.find(), "the parent pom's version");
        String dependency = "<dependency>\n  <groupId>io.leasehold</groupId>\n  <artifactId>hazelcast-backend</artifactId>\n"
                + "  <version>" + version.group(1) + "</version>\n</dependency>";
        assertTrue(readme.contains("```xml\n" + dependency + "\n```"), "README.md lacks the block\n" + dependency);
    }

    @Test
    void aSnippetThatDiffersFromItsFileIsReported() throws IOException {
        Path root = repositoryRoot();
        Snippet changed = new Snippet(1, "hazelcast-backend/src/test/java/io/leasehold/hazelcast/LockExample.java",
                List.of("import com.hazelcast.core.HazelcastInstance;", "", "public class LockExample {",
                        "    // a line the file does not have", "}"));
        assertFalse(check(root, changed).isEmpty());
        Snippet fragment = new Snippet(1, "hazelcast-backend/src/test/java/io/leasehold/hazelcast/LockExample.java",
                List.of("HazelcastInstance member = LeaseholdConfig.startLocalMember(clusterName); // loopback only"));
        assertFalse(check(root, fragment).isEmpty(), "a fragment without imports is not a whole unit");
    }

    static List<Snippet> javaSnippets(List<String> readme) {
        List<Snippet> out = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (!line.startsWith("```")) {
                prose.append(line).append('\n');
                continue;
            }
            boolean java = line.equals("```java");
            int start = i + 1;
            int end = start;
            while (end < readme.size() && !readme.get(end).startsWith("```")) {
                end++;
            }
            if (java) {
                String file = null;
                for (Matcher m = NAMED_FILE.matcher(prose); m.find(); ) {
                    file = m.group(1);
                }
                out.add(new Snippet(start, file, List.copyOf(readme.subList(start, end))));
            }
            prose.setLength(0);
            i = end;
        }
        return out;
    }

    static List<String> check(Path root, Snippet snippet) throws IOException {
        String where = "README.md line " + snippet.line() + ": ";
        if (snippet.file() == null) {
            return List.of(where + "the prose before this Java block names no compiled file (`path/To.java`)");
        }
        Path file = root.resolve(snippet.file());
        if (!Files.isRegularFile(file)) {
            return List.of(where + "names " + snippet.file() + ", which does not exist");
        }
        List<String> problems = new ArrayList<>();
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : snippet.lines()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("import ")) {
                imports.add(trimmed);
            } else if (!trimmed.isEmpty()) {
                body.add(trimmed);
            }
        }
        if (imports.isEmpty() || !snippet.lines().get(0).startsWith("import ")) {
            problems.add(where + "the block does not start with its imports, so it cannot be pasted as it is");
        }
        if (body.isEmpty() || !(body.get(0).startsWith("public ") || body.get(0).startsWith("@")
                || body.get(0).startsWith("/**"))) {
            problems.add(where + "after its imports the block must declare a class or a method, not start with "
                    + (body.isEmpty() ? "nothing" : "'" + body.get(0) + "'"));
        }
        List<String> fileLines = new ArrayList<>();
        Set<String> fileImports = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("import ")) {
                fileImports.add(trimmed);
            } else if (!trimmed.isEmpty()) {
                fileLines.add(trimmed);
            }
        }
        for (String imported : imports) {
            if (!fileImports.contains(imported)) {
                problems.add(where + snippet.file() + " has no '" + imported + "'");
            }
        }
        if (!body.isEmpty() && indexOf(fileLines, body) < 0) {
            problems.add(where + "the block is not in " + snippet.file() + " as it is; first line that differs: '"
                    + firstMismatch(fileLines, body) + "'");
        }
        return problems;
    }

    private static int indexOf(List<String> haystack, List<String> needle) {
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.subList(i, i + needle.size()).equals(needle)) {
                return i;
            }
        }
        return -1;
    }

    /** The block's first line after the longest prefix of it found in the file. */
    private static String firstMismatch(List<String> haystack, List<String> needle) {
        int best = 0;
        for (int i = 0; i < haystack.size(); i++) {
            int n = 0;
            while (n < needle.size() && i + n < haystack.size() && haystack.get(i + n).equals(needle.get(n))) {
                n++;
            }
            best = Math.max(best, n);
        }
        return best < needle.size() ? needle.get(best) : "";
    }

    /** The repository root: the nearest folder up from the module with README.md and the lock-api module. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("lock-api"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (README.md beside lock-api/) above "
                + Path.of("").toAbsolutePath());
    }
}
