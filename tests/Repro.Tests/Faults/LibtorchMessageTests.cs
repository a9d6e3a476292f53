using System.Runtime.InteropServices;
using Repro.Cli.Verification;
using Repro.Core;
using Repro.Engine.Runtime;
using TorchSharp;

namespace Repro.Tests.Faults;

/// <summary>
/// A libtorch failure reaches the user as its first line, not its C++ backtrace (issue 14, item 7), and the whole
/// text goes to the debug log. The failure here is libtorch's own: a product of matrices whose shapes do not fit.
/// </summary>
public class LibtorchMessageTests
{
    static ExternalException RealFailure()
    {
        using var a = torch.zeros(2, 3);
        using var b = torch.zeros(4, 5);
        // mm, not matmul: TorchSharp 0.107's THSTensor_matmul lets the C++ error escape, which ends the process.
        return Assert.Throws<ExternalException>(() => a.mm(b).Dispose());
    }

    [Fact]
    public void A_libtorch_failure_is_one_line_for_the_user_and_the_whole_message_for_the_log()
    {
        string whole = RealFailure().Message;
        Assert.True(whole.Split('\n').Length > 3, $"libtorch's message was expected to carry a backtrace:\n{whole}");

        string? logged = null;
        var e = Assert.Throws<RunException>(() => Libtorch.Guard<int>(() => throw RealFailure(), full => logged = full));
        Assert.Equal(whole, logged);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal("libtorch: " + whole.Split('\n')[0].Trim(), e.Message);
        Assert.Contains("cannot be multiplied", e.Message);
    }

    [Fact]
    public void A_failed_specs_verdict_shows_the_first_line_of_whatever_stopped_it()
    {
        var failure = RealFailure();
        Assert.DoesNotContain('\n', SpecVerdict.Describe(failure));
        Assert.StartsWith("ExternalException: ", SpecVerdict.Describe(failure));
        Assert.Equal("a: b", SpecVerdict.Describe(Fail.Run("a: b\n  at somewhere\n  at elsewhere")));
    }
}
