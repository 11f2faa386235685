// After the consumer built: checks what this build publishes, as the invoker's install goal copied it into
// the consumer's local repository (localRepositoryPath), as Maven Central would (sources, javadoc, metadata)
// and as module-path users would (Automatic-Module-Name), and the BOM against the modules.
// Variables from consumer-check/pom.xml: reactorRoot, projectVersion.
import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.xpath.XPathFactory
import java.util.jar.JarFile

File group = new File(localRepositoryPath, 'io/leasehold')
File root = new File(reactorRoot)
List<String> problems = []
def xpath = XPathFactory.newInstance().newXPath()
def parse = { File f -> DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f) }
def text = { doc, String path -> xpath.evaluate(path, doc).trim() }

// An artifact as the invoker's install goal put it in the consumer's local repository: its folder and base name.
def installed = { String artifactId ->
    File dir = new File(group, "$artifactId/$projectVersion")
    dir.isDirectory() ? [dir: dir, base: "$artifactId-$projectVersion"] : null
}
def present = { File f, String what ->
    if (!f.isFile()) {
        problems << "$what: ${f.name} is missing"
    }
}

def parent = installed('leasehold-parent')
def bom = installed('leasehold-bom')
if (parent == null || bom == null) {
    throw new AssertionError("leasehold-parent and leasehold-bom must be in $group")
}
def parentPom = parse(new File(parent.dir, parent.base + '.pom'))
['url', 'licenses/license/name', 'licenses/license/url', 'developers/developer/name', 'scm/url', 'scm/connection',
 'scm/developerConnection', 'name', 'description'].each {
    if (text(parentPom, "/project/$it").isEmpty()) {
        problems << "leasehold-parent: the POM has no $it (Maven Central requires it, and the modules inherit it)"
    }
}

def bomPom = parse(new File(bom.dir, bom.base + '.pom'))
if (!text(bomPom, '/project/parent/artifactId').isEmpty()) {
    problems << 'leasehold-bom: inherits a parent, whose dependencyManagement would reach every importer'
}
if (text(bomPom, '/project/version') != projectVersion) {
    problems << "leasehold-bom: version ${text(bomPom, '/project/version')}, the modules' is $projectVersion"
}
['url', 'licenses/license/name', 'developers/developer/name', 'scm/url', 'name', 'description'].each {
    if (text(bomPom, "/project/$it").isEmpty()) {
        problems << "leasehold-bom: the POM has no $it"
    }
}
List<String> inBom = []
def entries = xpath.evaluate('/project/dependencyManagement/dependencies/dependency', bomPom, javax.xml.xpath.XPathConstants.NODESET)
for (int i = 0; i < entries.length; i++) {
    def entry = entries.item(i)
    String id = text(entry, 'artifactId')
    if (text(entry, 'groupId') != 'io.leasehold' || text(entry, 'version') != '${project.version}') {
        problems << "leasehold-bom: manages ${text(entry, 'groupId')}:$id:${text(entry, 'version')}; only io.leasehold artifacts at \${project.version} belong there"
    }
    inBom << id
}

// Every module of the build that is published (it does not set maven.deploy.skip) is in the BOM.
def rootPom = parse(new File(root, 'pom.xml'))
def modules = xpath.evaluate('/project/modules/module', rootPom, javax.xml.xpath.XPathConstants.NODESET)
List<String> published = []
for (int i = 0; i < modules.length; i++) {
    def modulePom = parse(new File(root, modules.item(i).textContent.trim() + '/pom.xml'))
    String id = text(modulePom, '/project/artifactId')
    if (text(modulePom, '/project/properties/maven.deploy.skip') != 'true' && id != 'leasehold-bom') {
        published << id
        if (!(id in inBom)) {
            problems << "$id: published (no maven.deploy.skip in its pom) but not in leasehold-bom: add it there"
        }
    } else if (id in inBom) {
        problems << "leasehold-bom: manages $id, which is not published (maven.deploy.skip in its pom)"
    }
}
group.eachDir { File dir ->
    if (!(dir.name in inBom) && !(dir.name in ['leasehold-parent', 'leasehold-bom', 'leasehold-consumer-check'])) {
        problems << "${dir.name}: installed for the consumer but not in leasehold-bom"
    }
}

inBom.each { String id ->
    if (!(id in published)) {
        return // listed ahead of its module
    }
    def artifact = installed(id)
    if (artifact == null) {
        problems << "$id: a module of this build, in leasehold-bom, but not a dependency of consumer-check: add it there, and its sources and javadoc jars to extraArtifacts"
        return
    }
    File pomFile = new File(artifact.dir, artifact.base + '.pom')
    present(pomFile, id)
    def pom = parse(pomFile)
    ['name', 'description'].each {
        if (text(pom, "/project/$it").isEmpty()) {
            problems << "$id: the POM has no <$it>"
        }
    }
    String packaging = text(pom, '/project/packaging') ?: 'jar'
    if (packaging != 'jar') {
        return
    }
    File jar = new File(artifact.dir, artifact.base + '.jar')
    present(jar, id)
    present(new File(artifact.dir, artifact.base + '-sources.jar'), id)
    File javadoc = new File(artifact.dir, artifact.base + '-javadoc.jar')
    present(javadoc, id)
    if (javadoc.isFile()) {
        new JarFile(javadoc).withCloseable { j ->
            if (j.getEntry('index.html') == null) {
                problems << "$id: the javadoc jar has no index.html"
            }
        }
    }
    if (jar.isFile()) {
        new JarFile(jar).withCloseable { j ->
            String name = j.manifest?.mainAttributes?.getValue('Automatic-Module-Name')
            if (name == null) {
                problems << "$id: the jar's manifest has no Automatic-Module-Name"
            } else if (!(name ==~ /[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)*/)) {
                problems << "$id: Automatic-Module-Name '$name' is not a module name"
            } else {
                String folder = name.replace('.', '/') + '/'
                if (!j.entries().toList().any { it.name.startsWith(folder) && it.name.endsWith('.class') }) {
                    problems << "$id: Automatic-Module-Name '$name' is not a package of the jar: set leasehold.module.name in its pom to its root package"
                }
            }
        }
    }
}

if (!problems.isEmpty()) {
    throw new AssertionError('The published artifacts, as installed in ' + group + ':\n  ' + problems.join('\n  '))
}
println "published artifacts checked: ${published.size()} modules of this build, all in the BOM's ${inBom.size()}"
return true
