using System.Text.RegularExpressions;
using Repro.Engine.Numerics;
using Repro.Tests.Support;

namespace Repro.Tests.Engine;

/// <summary>
/// Gradients are taken through <see cref="Gradients.Of"/>, which keeps the tensors alive while libtorch works: a tensor
/// written inline as an output is otherwise unreachable during the native call, and a collection then frees it under
/// libtorch (the test host crashed in THSAutograd_grad, 4 runs of the suite in 4). The window is too narrow for a test
/// to hit on purpose, so what is held here is that nothing goes around the wrapper.
/// </summary>
public partial class GradientLifetimeTests
{
    [Fact]
    public void No_code_calls_torchsharps_autograd_grad_but_the_one_wrapper()
    {
        var callers = new[] { "src", "tests" }
            .SelectMany(root => Directory.GetFiles(Repo.Path(root), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => DirectCall().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Repo.Path(), f).Replace('\\', '/'))
            .ToList();
        Assert.Equal(["src/Repro.Engine/Numerics/Gradients.cs"], callers);
    }

    [GeneratedRegex(@"\bautograd\.grad\(")]
    private static partial Regex DirectCall();
}
