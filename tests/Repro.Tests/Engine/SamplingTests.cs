using Repro.Core.Plan;
using Repro.Engine.Registry;
using Repro.Engine.Runtime;
using Repro.Engine.Training;
using Repro.Tests.Support;
using static Repro.Tests.Support.Parts;
using static TorchSharp.torch;

namespace Repro.Tests.Engine;

/// <summary>SGD's minibatches with and without replacement: what each step draws, from whose stream, and the steps it takes.</summary>
public class SamplingTests
{
    public SamplingTests() => TorchRuntime.Start();

    static List<long[]> Draws(bool replacement, long seed, int count, long size = 10, long batch = 5)
    {
        using var sampler = new BatchSampler(size, batch, replacement, SeedStreams.For(seed, SeedStreams.Batches), CPU);
        return [.. Enumerable.Range(0, count).Select(_ => sampler.Indices().data<long>().ToArray())];
    }

    [Fact]
    public void With_replacement_an_example_sometimes_appears_twice_in_one_step_and_every_index_is_in_range()
    {
        var draws = Draws(replacement: true, seed: 0, count: 40);
        Assert.All(draws, d => Assert.All(d, i => Assert.InRange(i, 0, 9)));
        Assert.Contains(draws, d => d.Distinct().Count() < d.Length);
        Assert.Contains(draws, d => d.Distinct().Count() == d.Length); // and sometimes not: draws are independent
    }

    [Fact]
    public void Without_replacement_a_step_never_repeats_an_example_and_an_epoch_covers_each_once()
    {
        var draws = Draws(replacement: false, seed: 0, count: 40);
        Assert.All(draws, d => Assert.Equal(d.Length, d.Distinct().Count()));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), draws[0].Concat(draws[1]).Order());
    }

    [Fact]
    public void Each_trial_draws_from_its_own_stream()
    {
        Assert.Equal(Draws(true, seed: 3, count: 10), Draws(true, seed: 3, count: 10));
        Assert.NotEqual(Draws(true, seed: 3, count: 10), Draws(true, seed: 4, count: 10));
    }

    [Fact]
    public void Sgd_with_replacement_steps_on_the_mean_gradient_of_indices_drawn_uniformly_from_the_trials_batch_stream()
    {
        // The same batch size as the training set: with replacement it is still a sample, not the full batch.
        string yaml = """
            name: replacement
            data: { kind: gaussian-regression, n_train: 4, n_test: 4, features: 3, target: { kind: sparse-linear, nonzeros: 2 } }
            optimizer: { kind: sgd, lr: 0.05, batch_size: 4, replacement: true }
            train: { steps: 6, log_every: 1 }
            seeds: [5]
            metrics: [train_loss]
            """;
        var trial = Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials[0];
        var losses = Trainer.Run(trial).Series("train_loss").Select(p => p.Value).ToList();

        var data = Registries.Data.Create(trial.Config.Data).Generate(SeedStreams.For(trial.Seed, SeedStreams.Data));
        var problem = new TinyProblem([.. Enumerable.Range(0, 4).Select(i => Values(data.XTrain[0][i]))], Values(data.YTrain[0]));
        var theta = new double[3];
        using var stream = SeedStreams.For(trial.Seed, SeedStreams.Batches);
        bool repeated = false;
        for (int step = 1; step <= 6; step++)
        {
            var drawn = randint(0, 4, [4], dtype: ScalarType.Int64, generator: stream).data<long>().ToArray();
            repeated |= drawn.Distinct().Count() < drawn.Length;
            var minibatch = new TinyProblem([.. drawn.Select(i => problem.X[i])], [.. drawn.Select(i => problem.Y[i])]);
            var g = minibatch.Gradient(theta);
            theta = [.. theta.Select((v, j) => v - 0.05 * g[j])];
            Assert.Equal(problem.Loss(theta), losses[step], 12);
        }
        Assert.True(repeated, "no step drew an example twice: the case does not show sampling with replacement");
    }
}
