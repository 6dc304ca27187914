package dev.benchhal.releasecheck;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What Maven Central asks of a release, checked on a deployed repository as a file tree: every published module is
 * there with its POM, jar, sources and javadoc (a POM module with its POM), each file with a SHA-1 that matches and a
 * good signature by the release key; every POM is flattened (no parent, no property left) and carries name,
 * description, URL, licence, SCM and developers; and nothing else of the group is published.
 */
final class RepositoryCheck {

    /** A module that is published, with its packaging ({@code jar} or {@code pom}). */
    record Module(String artifactId, String packaging) { }

    private static final List<String> REQUIRED = List.of("name", "description", "url", "licenses/license/name",
            "licenses/license/url", "scm/url", "scm/connection", "developers/developer/name");

    private final ThrowawayKey key;

    RepositoryCheck(ThrowawayKey key) {
        this.key = key;
    }

    /**
     * The published modules: the BOM and every module it manages.
     *
     * @param root the checkout
     */
    static List<Module> published(Path root) throws IOException {
        Document bom = parse(root.resolve("hal-bom/pom.xml"));
        List<Module> modules = new ArrayList<>(List.of(new Module("hal-bom", "pom")));
        for (Element dependency : children(child(child(bom.getDocumentElement(), "dependencyManagement"), "dependencies"), "dependency")) {
            modules.add(new Module(text(dependency, "artifactId"), "jar"));
        }
        return modules;
    }

    /**
     * Checks a deployed repository.
     *
     * @param repository the repository's root directory (where {@code dev/benchhal} is)
     * @return what is wrong, one line each; empty when the release is complete
     */
    List<String> problems(Path repository, String groupId, String version, List<Module> modules) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Path group = repository.resolve(groupId.replace('.', '/'));
        Set<String> expected = new TreeSet<>();
        String metadata = null;
        String metadataOf = null;
        for (Module module : modules) {
            expected.add(module.artifactId());
            Path dir = group.resolve(module.artifactId()).resolve(version);
            if (!Files.isDirectory(dir)) {
                problems.add(module.artifactId() + ": not in the repository");
                continue;
            }
            Map<String, String> files = files(dir, module, version);
            for (Map.Entry<String, String> file : files.entrySet()) {
                problems.addAll(checkFile(module.artifactId() + " " + file.getKey(), dir.resolve(file.getValue())));
            }
            // whatever else was published beside them (the test fixtures' -tests.jar) is checksummed and signed too
            try (Stream<Path> others = Files.list(dir)) {
                for (Path other : others.filter(f -> isArtifact(f) && !files.containsValue(f.getFileName().toString())).sorted().toList()) {
                    problems.addAll(checkFile(module.artifactId() + " " + other.getFileName(), other));
                }
            }
            Path pom = dir.resolve(files.get("pom"));
            if (Files.isRegularFile(pom)) {
                problems.addAll(checkPom(module.artifactId(), pom));
                String project = projectMetadata(pom);
                if (metadata == null) {
                    metadata = project;
                    metadataOf = module.artifactId();
                } else if (!metadata.equals(project)) {
                    problems.add(module.artifactId() + " POM: its URL, licence, SCM or developers differ from " + metadataOf + "'s");
                }
            }
        }
        if (Files.isDirectory(group)) {
            try (Stream<Path> published = Files.list(group)) {
                published.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(a -> !expected.contains(a)).sorted()
                        .forEach(a -> problems.add(a + ": published, but not a published module"));
            }
        }
        return problems;
    }

    /** The files a module's release has, by kind ({@code pom}, {@code jar}, {@code sources}, {@code javadoc}). */
    private static Map<String, String> files(Path dir, Module module, String version) throws IOException {
        List<String> kinds = "pom".equals(module.packaging()) ? List.of("pom") : List.of("pom", "jar", "sources", "javadoc");
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, String> snapshots = version.endsWith("-SNAPSHOT") ? snapshotVersions(dir) : Map.of();
        for (String kind : kinds) {
            String extension = "pom".equals(kind) ? "pom" : "jar";
            String classifier = "pom".equals(kind) || "jar".equals(kind) ? "" : kind;
            String fileVersion = snapshots.getOrDefault(classifier + ":" + extension, version);
            files.put(kind, module.artifactId() + "-" + fileVersion + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension);
        }
        return files;
    }

    /** A snapshot's file versions (its timestamps) from the version's {@code maven-metadata.xml}, by classifier:extension. */
    private static Map<String, String> snapshotVersions(Path dir) throws IOException {
        Path metadata = dir.resolve("maven-metadata.xml");
        if (!Files.isRegularFile(metadata)) {
            return Map.of();
        }
        Map<String, String> versions = new LinkedHashMap<>();
        Element snapshotVersions = child(child(parse(metadata).getDocumentElement(), "versioning"), "snapshotVersions");
        for (Element v : children(snapshotVersions, "snapshotVersion")) {
            String classifier = child(v, "classifier") == null ? "" : text(v, "classifier");
            versions.put(classifier + ":" + text(v, "extension"), text(v, "value"));
        }
        return versions;
    }

    private List<String> checkFile(String what, Path file) throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            return List.of(what + ": missing (" + file.getFileName() + ")");
        }
        List<String> problems = new ArrayList<>();
        Path sha1 = file.resolveSibling(file.getFileName() + ".sha1");
        if (!Files.isRegularFile(sha1)) {
            problems.add(what + ": no SHA-1 checksum");
        } else if (!Files.readString(sha1).trim().startsWith(sha1(file))) {
            problems.add(what + ": the SHA-1 checksum does not match the file");
        }
        Path signature = file.resolveSibling(file.getFileName() + ".asc");
        if (!Files.isRegularFile(signature)) {
            problems.add(what + ": not signed (no " + signature.getFileName() + ")");
        } else if (!key.verifies(file, signature)) {
            problems.add(what + ": the signature is not a good signature by the release key");
        }
        return problems;
    }

    private static List<String> checkPom(String artifactId, Path pom) throws IOException {
        List<String> problems = new ArrayList<>();
        String text = Files.readString(pom, StandardCharsets.UTF_8);
        if (text.contains("${")) {
            problems.add(artifactId + " POM: not flattened, a property is left: "
                    + text.substring(text.indexOf("${"), Math.min(text.length(), text.indexOf("${") + 40)).lines().findFirst().orElse(""));
        }
        Element project = parse(pom).getDocumentElement();
        if (child(project, "parent") != null) {
            problems.add(artifactId + " POM: not flattened, it names a parent");
        }
        for (String path : REQUIRED) {
            Element e = project;
            for (String step : path.split("/", -1)) {
                e = e == null ? null : child(e, step);
            }
            if (e == null || e.getTextContent().isBlank()) {
                problems.add(artifactId + " POM: no " + path);
            }
        }
        return problems;
    }

    private static boolean isArtifact(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith("maven-metadata")
                && !name.endsWith(".asc") && !name.endsWith(".sha1") && !name.endsWith(".md5") && !name.endsWith(".sha256") && !name.endsWith(".sha512");
    }

    /** What must be one project's in every POM: URL, licences, SCM URLs, developers. */
    private static String projectMetadata(Path pom) throws IOException {
        Element project = parse(pom).getDocumentElement();
        StringBuilder all = new StringBuilder(text(project, "url"));
        for (String section : List.of("licenses", "scm", "developers")) {
            Element e = child(project, section);
            all.append('|').append(e == null ? "" : e.getTextContent().replaceAll("\\s+", " ").trim());
        }
        return all.toString();
    }

    private static String sha1(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    static Document parse(Path xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(xml.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(xml + ": not readable XML: " + e.getMessage(), e);
        }
    }

    static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element e && name.equals(e.getTagName())) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
