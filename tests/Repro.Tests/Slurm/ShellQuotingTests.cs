using System.Diagnostics;
using Repro.Cli.Emit;

namespace Repro.Tests.Slurm;

/// <summary>What a generated script runs is the argument list it was given: checked by bash itself.</summary>
public class ShellQuotingTests
{
    [Fact]
    public void Bash_reads_back_every_word_as_it_was()
    {
        string[] words = ["run", "specs/a b.yaml", "--set", "seeds=[0,1]", "it's", "$HOME", "`date`", "a\"b", "", "ünï", "x;y|z", "*"];
        var info = new ProcessStartInfo("bash", ["-c", "printf '%s\\0' " + Shell.Join(words)]) { RedirectStandardOutput = true };
        using var bash = Process.Start(info)!;
        string output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(words, output.Split('\0')[..^1]);
        Assert.Equal("plain/path.yaml", Shell.Quote("plain/path.yaml"));
    }
}
