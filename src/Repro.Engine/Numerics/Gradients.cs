using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Numerics;

/// <summary>
/// torch.autograd.grad, with the tensors kept alive for the call. TorchSharp hands libtorch the tensors' handles and
/// nothing else holds the tensors while libtorch works: an output written inline (`[loss()]`, `[gradient[i]]`) is
/// unreachable from then on, and a garbage collection during the call finalizes it and frees the native tensor
/// under libtorch (a segfault in THSAutograd_grad, seen in the test suite). Every gradient repro takes goes through here.
/// </summary>
public static class Gradients
{
    public static IList<Tensor> Of(IList<Tensor> outputs, IList<Tensor> inputs, bool retainGraph = false, bool createGraph = false)
    {
        var gradients = autograd.grad(outputs, inputs, retain_graph: retainGraph, create_graph: createGraph);
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        return gradients;
    }
}
