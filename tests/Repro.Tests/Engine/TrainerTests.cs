using Repro.Core.Plan;
using Repro.Engine.Training;
using Repro.Tests.Support;

namespace Repro.Tests.Engine;

public class TrainerTests
{
    static IReadOnlyList<Trial> Plan(string yaml) => Planner.Plan(Specs.Parse(yaml), Repro.Engine.EngineInfo.Version).Trials;

    [Fact]
    public void Gradient_descent_from_zero_converges_to_the_pseudo_inverse_solution()
    {
        var result = Trainer.Run(Plan(Specs.Tiny)[0]);
        var dist = result.Series("dist_to_min_norm").ToList();
        Assert.Equal(1.0, dist[0].Value, 12); // θ = 0 is exactly one norm away
        Assert.True(dist[^1].Value < 1e-10, $"final distance {dist[^1].Value}");
        Assert.True(result.Series("train_loss").Last().Value < 1e-20);
    }

    [Fact]
    public void Gradient_descent_from_a_random_init_interpolates_away_from_the_min_norm_solution()
    {
        var result = Trainer.Run(Plan(Specs.Tiny.Replace("init: zeros", "init: { kind: normal, scale: 1.0 }"))[0]);
        Assert.True(result.Series("train_loss").Last().Value < 1e-20);
        Assert.True(result.Series("dist_to_min_norm").Last().Value > 0.5);
    }

    [Fact]
    public void Metrics_are_recorded_at_zero_every_log_interval_and_the_last_step()
    {
        var result = Trainer.Run(Plan(Specs.Tiny.Replace("steps: 400", "steps: 120"))[0]);
        Assert.Equal([0L, 50, 100, 120], result.Series("train_loss").Select(p => p.Step));
    }

    [Fact]
    public void A_diverging_run_is_recorded_as_diverged_not_thrown()
    {
        var result = Trainer.Run(Plan(Specs.Tiny.Replace("lr: 0.05", "lr: 50"))[0]);
        Assert.True(result.Diverged);
        Assert.True(result.StepsCompleted < 400);
        Assert.Equal(result.StepsCompleted, result.DivergedAtStep);
    }

    [Fact]
    public void Data_and_init_draws_do_not_depend_on_the_optimizer()
    {
        // Each trial has its own named streams: switching GD for SGD must not change the data or the init.
        var trials = Plan(Specs.Tiny.Replace("metrics: [train_loss, dist_to_min_norm]", "metrics: [train_loss, weight_norm]")
            + "\nsweep:\n  init: [{ kind: zeros }, { kind: normal, scale: 2.0 }]\n  optimizer: [{ kind: gd, lr: 0.05 }, { kind: sgd, lr: 0.01, batch_size: 2 }]\n");
        double Initial(string init, string optimizer, string metric) => Trainer.Run(trials.Single(t =>
            t.Seed == 0 && t.Config.Init.Kind == init && t.Config.Optimizer.Kind == optimizer)).Series(metric).First().Value;

        Assert.Equal(Initial("zeros", "gd", "train_loss"), Initial("zeros", "sgd", "train_loss")); // mean(y²): same labels
        Assert.Equal(Initial("normal", "gd", "weight_norm"), Initial("normal", "sgd", "weight_norm")); // same θ₀
        Assert.NotEqual(Initial("zeros", "gd", "train_loss"), Initial("normal", "gd", "train_loss"));
    }

    [Fact]
    public void Minibatch_sgd_trains_and_is_reproducible()
    {
        string yaml = Specs.Tiny.Replace("optimizer: { kind: gd, lr: 0.05 }", "optimizer: { kind: sgd, lr: 0.02, batch_size: 2 }");
        var a = Trainer.Run(Plan(yaml)[0]);
        var b = Trainer.Run(Plan(yaml)[0]);
        Assert.Equal(a.Points, b.Points);
        Assert.True(a.Series("train_loss").Last().Value < a.Series("train_loss").First().Value / 10);
    }

    [Fact]
    public void Float32_training_reaches_float32_precision()
    {
        var result = Trainer.Run(Plan(Specs.Tiny + "\ndtype: float32\n")[0]);
        Assert.InRange(result.Series("dist_to_min_norm").Last().Value, 0, 1e-4);
    }
}
