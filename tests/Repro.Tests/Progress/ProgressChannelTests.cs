using Repro.Cli.Progress;
using Repro.Core.Progress;

namespace Repro.Tests.Progress;

/// <summary>A worker's event channel (thinned, every line an event the parent accepts) and the one-line form of a snapshot.</summary>
public class ProgressChannelTests
{
    sealed class SetClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Steps_are_thinned_to_one_per_interval_but_begin_end_and_the_last_step_always_pass()
    {
        var clock = new SetClock(T0);
        var channel = new StringWriter();
        var sink = new ChannelSink(channel, clock);
        sink.Report(ProgressEvent.Began(2, 100));
        for (int step = 1; step <= 100; step++)
        {
            clock.Now = T0.AddMilliseconds(10 * step); // 1 s in all: 100 steps of 10 ms
            sink.Report(ProgressEvent.Of(new BatchProgress(2, 0, step, 100, 0.5, 1.5)));
        }
        sink.Report(ProgressEvent.Ended(2, 100));

        var events = channel.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ProgressEvent.Parse).ToList();
        Assert.All(events, Assert.NotNull);
        Assert.Equal(ProgressEvent.Begin, events[0]!.Kind);
        Assert.Equal(ProgressEvent.End, events[^1]!.Kind);
        var steps = events.Where(e => e!.Kind == ProgressEvent.StepTaken).Select(e => e!.Step).ToList();
        Assert.Equal(100, steps[^1]);
        Assert.InRange(steps.Count, 5, 7); // one per 200 ms of a second, and the last step
    }

    [Theory]
    [InlineData("{\"kind\":\"trained\",\"trials\":0,\"step\":0,\"steps\":0,\"finished\":0,\"loss_min\":null,\"loss_max\":null}", true)]
    [InlineData("{\"kind\":\"trained\",\"trials\":-1,\"step\":0,\"steps\":0,\"finished\":0,\"loss_min\":null,\"loss_max\":null}", false)]
    [InlineData("{\"kind\":\"trained\",\"trials\":2,\"step\":1,\"steps\":1,\"finished\":2,\"loss_min\":null,\"loss_max\":null}", false)]
    [InlineData("{\"kind\":\"begin\",\"trials\":0,\"step\":0,\"steps\":10,\"finished\":0,\"loss_min\":null,\"loss_max\":null}", false)]
    [InlineData("{\"kind\":\"step\",\"trials\":2,\"step\":11,\"steps\":10,\"finished\":0,\"loss_min\":1,\"loss_max\":2}", false)]
    [InlineData("{\"kind\":\"halt\",\"trials\":2,\"step\":0,\"steps\":10,\"finished\":0,\"loss_min\":null,\"loss_max\":null}", false)]
    [InlineData("{\"kind\":\"step\",\"trials\":2,", false)]
    public void The_parent_accepts_only_well_formed_events(string json, bool accepted) =>
        Assert.Equal(accepted, ProgressEvent.Parse(ProgressEvent.LinePrefix + json) is not null);

    [Fact]
    public void A_workers_count_survives_the_channel_and_a_shard_that_trained_nothing_says_zero()
    {
        foreach (int count in (int[])[0, 4])
            Assert.Equal(count, ProgressEvent.Parse(ProgressEvent.TrainedCount(count).ToLine()) is { Kind: ProgressEvent.Trained } e ? e.Trials : -1);
        // A log line that merely mentions the prefix mid-line is not an event.
        Assert.Null(ProgressEvent.Parse("[12:00:00 INF] " + ProgressEvent.TrainedCount(3).ToLine()));
    }

    [Theory]
    [InlineData(0.2, "1s")]
    [InlineData(59, "59s")]
    [InlineData(61, "1m01s")]
    [InlineData(6585, "1h49m")]
    public void Durations_read_in_hours_minutes_or_seconds(double seconds, string text) =>
        Assert.Equal(text, ProgressLine.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_snapshot_reads_as_one_line_with_count_rate_eta_and_loss_range()
    {
        var board = new ProgressBoard("eos", total: 9, cached: 3, trialSteps: 6000);
        board.Add("", ProgressEvent.Began(6, 1000), T0);
        board.Add("", ProgressEvent.Of(new BatchProgress(6, 0, 250, 1000, 0.012, 0.5)), T0.AddSeconds(3));
        Assert.Equal("eos: 3/9 trials, 3 cached, 500 trial-steps/s, ETA 9s, loss 1.2e-2..5e-1", ProgressLine.Of(board.Snapshot(T0.AddSeconds(3))));
    }
}
