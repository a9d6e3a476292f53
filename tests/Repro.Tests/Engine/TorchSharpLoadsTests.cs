using Repro.Engine.Runtime;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

public class TorchSharpLoadsTests
{
    [Fact]
    public void A_tensor_is_created_and_a_backward_pass_gives_the_analytic_gradient()
    {
        TorchRuntime.Start();
        using var x = tensor(new double[] { 1.0, -2.0, 3.0 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        using var grad = x.grad!;
        Assert.Equal([2.0, -4.0, 6.0], grad.data<double>().ToArray());
    }

    [Fact]
    public void Libtorch_runs_on_one_thread_with_the_pinned_dispatch_settings()
    {
        TorchRuntime.Start();
        Assert.Equal(1, get_num_threads());
        Assert.Equal("COMPATIBLE", Environment.GetEnvironmentVariable("MKL_CBWR"));
        Assert.Equal("avx2", Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"));
    }
}
