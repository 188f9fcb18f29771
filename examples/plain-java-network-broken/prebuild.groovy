import java.nio.file.Files
import java.nio.file.StandardCopyOption

// The example's sources, copied, with one classic bug: σ'(z) written as z·(1 - z) instead of a·(1 - a).
def source = new File(basedir, '../plain-java-network/src').toPath()
def target = new File(basedir, 'src').toPath()
Files.walk(source).forEach { path ->
    def copy = target.resolve(source.relativize(path).toString())
    if (Files.isDirectory(path)) {
        Files.createDirectories(copy)
    } else {
        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING)
    }
}
def network = new File(basedir, 'src/main/java/example/Mlp.java')
def right = 'case "sigmoid" -> a * (1 - a);'
def wrong = 'case "sigmoid" -> z * (1 - z);'
assert network.getText('UTF-8').count(right) == 1 : "the line to break is no longer in Mlp.java: ${right}"
network.setText(network.getText('UTF-8').replace(right, wrong), 'UTF-8')
true
