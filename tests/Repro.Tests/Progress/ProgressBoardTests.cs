using Repro.Core.Progress;

namespace Repro.Tests.Progress;

/// <summary>The run's progress aggregated from several processes' events, on a clock the test sets.</summary>
public class ProgressBoardTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_workers_batches_add_up_to_one_count_rate_eta_and_loss_range()
    {
        // 10 trials, 2 cached; two workers train 4 each for 100 steps: 800 trial-steps to go.
        var board = new ProgressBoard("s", total: 10, cached: 2, trialSteps: 800);
        board.Add("w1", ProgressEvent.Began(4, 100), T0);
        board.Add("w2", ProgressEvent.Began(4, 100), T0);
        board.Add("w1", ProgressEvent.Of(new BatchProgress(4, 0, 50, 100, 0.5, 2.0)), T0.AddSeconds(10));
        board.Add("w2", ProgressEvent.Of(new BatchProgress(4, 1, 25, 100, 0.1, 0.7)), T0.AddSeconds(10));

        var at10 = board.Snapshot(T0.AddSeconds(10));
        Assert.Equal((2, 10, 2), (at10.Done, at10.Total, at10.RunningBatches));
        Assert.Equal(4 * 50 + 4 * 25, at10.TrialStepsDone);
        Assert.Equal(30.0, at10.TrialStepsPerSecond);               // 300 trial-steps in 10 s
        Assert.Equal(TimeSpan.FromSeconds(500 / 30.0), at10.Eta);   // 500 left at that rate
        Assert.Equal((0.1, 2.0), (at10.LossMin!.Value, at10.LossMax!.Value));

        // w2's batch stops early (every trial diverged at step 30): its remaining steps count as done.
        board.Add("w2", ProgressEvent.Of(new BatchProgress(4, 4, 30, 100, double.NaN, double.NaN)), T0.AddSeconds(12));
        board.Add("w2", ProgressEvent.Ended(4, 100), T0.AddSeconds(12));
        var at12 = board.Snapshot(T0.AddSeconds(12));
        Assert.Equal(6, at12.Done);
        Assert.Equal(4 * 50 + 4 * 100, at12.TrialStepsDone);
        Assert.Equal((0.5, 2.0), (at12.LossMin!.Value, at12.LossMax!.Value)); // only w1 runs now

        board.Add("w1", ProgressEvent.Ended(4, 100), T0.AddSeconds(20));
        var end = board.Snapshot(T0.AddSeconds(20));
        Assert.Equal((10, 800L, 0), (end.Done, end.TrialStepsDone, end.RunningBatches));
        Assert.Equal(TimeSpan.Zero, end.Eta);
        Assert.Null(end.LossMin);
    }

    [Fact]
    public void Before_any_step_there_is_no_rate_and_no_eta()
    {
        var board = new ProgressBoard("s", 3, 0, 300);
        Assert.Null(board.Snapshot(T0).Eta);
        board.Add("", ProgressEvent.Began(3, 100), T0);
        var s = board.Snapshot(T0.AddSeconds(1));
        Assert.Equal(0, s.TrialStepsPerSecond);
        Assert.Null(s.Eta);
    }

    [Theory]
    [InlineData("repro-progress {\"kind\":\"step\",\"trials\":2,\"step\":5,\"steps\":10,\"finished\":0,\"loss_min\":0.5,\"loss_max\":1}", true)]
    [InlineData("[12:00:00 INF] repro-progress {\"kind\":\"step\"}", false)]         // a log line, not the channel
    [InlineData("repro-progress {\"kind\":\"step\",\"trials\":2,\"step\":11,\"steps\":10,\"finished\":0}", false)] // past its budget
    [InlineData("repro-progress {\"kind\":\"jump\",\"trials\":2,\"step\":1,\"steps\":10,\"finished\":0}", false)]
    [InlineData("repro-progress {\"kind\":\"step\",\"trials\":2,\"step\":1,\"steps\":10,\"finished\":3}", false)]  // more stopped than run
    [InlineData("repro-progress {not json", false)]
    public void A_channel_line_is_an_event_only_when_it_checks_out(string line, bool isEvent) =>
        Assert.Equal(isEvent, ProgressEvent.Parse(line) is not null);

    [Fact]
    public void An_event_round_trips_through_its_line()
    {
        var e = ProgressEvent.Of(new BatchProgress(3, 1, 7, 20, 0.25, double.PositiveInfinity));
        Assert.Equal(e, ProgressEvent.Parse(e.ToLine()));
        Assert.Null(e.LossMax); // not finite: null on the wire, as JSON has no infinity
    }
}
