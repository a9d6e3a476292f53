using System.Reflection;
using System.Reflection.Emit;
using Repro.Core.Plan;
using Repro.Core.Results;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>
/// Every Scalar the engine hands libtorch is held for the whole call (src/Repro.Engine/Runtime/Held.cs): TorchSharp
/// itself drops its Scalars before libtorch reads them, so a garbage collection on another thread could free one
/// mid-call. Checked in the engine's IL, and by training while another thread collects without pause.
/// </summary>
[Collection(ProcessWide.Name)] // the collecting thread would slow every test beside it
public class ScalarLifetimeTests
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    static IEnumerable<MethodBase> MethodsOf(Assembly assembly) =>
        assembly.GetTypes().SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)));

    /// <summary>The methods a method's IL calls (call, callvirt, newobj, ldftn), by reading its body.</summary>
    static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            var op = OpCodes[il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i]];
            i += op.Size;
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments); }
                catch (ArgumentException) { } // a generic context reflection cannot rebuild: not a TorchSharp call
                if (callee is not null) yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    static bool Converts(MethodBase m) => m.DeclaringType == typeof(Scalar) && m.Name == "op_Implicit";

    static bool MakesScalar(MethodBase m) => Converts(m) || (m.DeclaringType == typeof(ScalarExtensionMethods) && m.Name == "ToScalar");

    static string Name(MethodBase m) =>
        $"{m.DeclaringType?.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>TorchSharp's methods that make a Scalar of their own and pass it on, directly or through one another.</summary>
    static HashSet<MethodBase> TorchSharpTemporaries()
    {
        var methods = MethodsOf(typeof(Scalar).Assembly).ToList();
        var callees = methods.ToDictionary(m => m, m => Callees(m).ToList());
        var making = methods.Where(m => callees[m].Any(MakesScalar)).ToHashSet();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var m in methods)
                if (!making.Contains(m) && callees[m].Any(making.Contains)) grew = making.Add(m) || grew;
        }
        return making;
    }

    [Fact]
    public void No_engine_method_converts_a_number_to_a_scalar_implicitly_or_calls_a_torchsharp_form_that_does()
    {
        var temporaries = TorchSharpTemporaries();
        Assert.Contains(typeof(torch.Tensor).GetMethod("op_Addition", [typeof(torch.Tensor), typeof(torch.Tensor)])!, temporaries); // the scan sees a + b
        Assert.Contains(typeof(torch.linalg).GetMethod("vector_norm")!, temporaries);

        var problems = MethodsOf(typeof(Trainer).Assembly)
            .SelectMany(m => Callees(m).Where(c => Converts(c) || temporaries.Contains(c)).Select(c => $"{m.DeclaringType!.FullName}.{m.Name} calls {Name(c)}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(problems.Count == 0, "hand libtorch held Scalars (Runtime/Held.cs):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_held_forms_compute_what_torchsharps_implicit_forms_compute_bit_for_bit()
    {
        TorchRuntime.Start();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(3);
        var a = torch.randn([4, 9], torch.float64, generator: generator);
        var b = torch.randn([4, 9], torch.float64, generator: generator);
        static void Same(torch.Tensor expected, torch.Tensor actual, string what) =>
            Assert.True(expected.dtype == actual.dtype && expected.eq(actual).all().item<bool>(), what);

        Same(a + b, a.Plus(b), "a + b");
        Same(a * 0.3, a.Times(0.3), "a * 0.3");
        Same(a / 7, a.Over(7), "a / 7");
        Same(a - 0.25, a.Minus(0.25), "a - 0.25");
        Same(a.square(), a.Square(), "square");
        Same(a.pow(3), a.Pow(3), "pow 3");
        Same(torch.nn.functional.softplus(a * 30), Held.Softplus(a.Times(30)), "softplus");
        Same(torch.nn.functional.leaky_relu(a, 0.2), Held.LeakyRelu(a, 0.2), "leaky_relu");
        foreach (double ord in new[] { 1, 2, double.PositiveInfinity })
            Same(torch.linalg.vector_norm(a, ord, [1]), Held.VectorNorm(a, ord, [1]), $"vector_norm ord {ord}");
        Same(torch.linalg.vector_norm(a), Held.VectorNorm(a), "vector_norm of everything");
        var index = torch.arange(0, 40, dtype: torch.int64);
        Same(index.div(7, rounding_mode: RoundingMode.floor), index.FloorOver(7), "floor division");
        Same(index.remainder(7) + 3, index.Mod(7).Plus(3), "remainder");
    }

    /// <summary>Trials with many Scalar operands per step: Adam (moments, bias corrections), an MLP (1/√fan-in), softplus.</summary>
    const string Busy = """
        name: busy
        data: { kind: separable-classification, n_train: 24, n_test: 24, features: 6 }
        model: { kind: mlp, hidden: 16, depth: 2, activation: tanh }
        init: { kind: fan-in, gain: 1.0 }
        optimizer: { kind: adamw, lr: 0.01, weight_decay: 0.1 }
        loss: logistic
        train: { steps: 300, log_every: 50 }
        seeds: [0, 1, 2, 3]
        metrics: [train_loss, test_loss, weight_norm, relative_weight_change]
        """;

    [Fact]
    public void Training_while_another_thread_collects_garbage_without_pause_gives_the_quiet_runs_bits()
    {
        var batches = Batching.Group(Planner.Plan(Specs.Parse(Busy), Repro.Engine.EngineInfo.Version).Trials);
        var quiet = batches.SelectMany(b => Trainer.Run(b)).ToList();

        using var stop = new CancellationTokenSource();
        long collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers(); // finalizers (Scalars among them) run while the trainer is inside libtorch
                collections++;
            }
        }) { IsBackground = true };
        collector.Start();
        List<TrialResult> noisy;
        try
        {
            noisy = [.. Enumerable.Range(0, 3).SelectMany(_ => batches.SelectMany(b => Trainer.Run(b)))];
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        Assert.True(collections > 10, $"only {collections} collections ran beside training");
        for (int i = 0; i < noisy.Count; i++)
        {
            var (a, b) = (quiet[i % quiet.Count], noisy[i]);
            Assert.Equal(a.Key, b.Key);
            Assert.Equal(a.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)), b.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
        }
    }
}
