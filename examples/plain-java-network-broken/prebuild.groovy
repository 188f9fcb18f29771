import java.nio.file.Files
import java.nio.file.StandardCopyOption

// The example's sources, copied, with two classic bugs: σ'(z) written as z·(1 - z) instead of a·(1 - a), and the
// derivative of its own loss, log-cosh, written as d (the small-d approximation) instead of tanh(d).
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
def rightLoss = 'delta[n][c] = Math.tanh(diff) / (samples * width);'
def wrongLoss = 'delta[n][c] = diff / (samples * width);'
assert network.getText('UTF-8').count(rightLoss) == 1 : "the line to break is no longer in Mlp.java: ${rightLoss}"
network.setText(network.getText('UTF-8').replace(rightLoss, wrongLoss), 'UTF-8')
true
