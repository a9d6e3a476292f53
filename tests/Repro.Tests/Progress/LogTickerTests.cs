using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Repro.Cli.Progress;
using Repro.Core.Progress;

namespace Repro.Tests.Progress;

/// <summary>The log's progress line: when it is written, on a clock the test moves.</summary>
public class LogTickerTests
{
    sealed class Lines : ILogger
    {
        public readonly List<string> Written = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add(formatter(state, exception));
    }

    static void Advance(FakeTimeProvider clock, double seconds)
    {
        // In small steps, as time passes: the ticker looks every quarter second.
        for (int i = 0; i < seconds * 20; i++) clock.Advance(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void The_first_line_comes_two_seconds_in_and_then_one_per_interval_until_every_trial_is_done()
    {
        var clock = new FakeTimeProvider();
        var sink = new BoardSink(clock);
        var log = new Lines();
        using var ticker = new LogTicker(sink, clock, log, TimeSpan.FromSeconds(10));
        Advance(clock, 3);
        Assert.Empty(log.Written); // no plan yet: nothing to say
        sink.Planned("eos", total: 2, cached: 0, trialSteps: 200);
        Advance(clock, 0.5);
        Assert.Equal(["eos: 0/2 trials, ETA -"], log.Written);
        sink.Report(ProgressEvent.Began(2, 100));
        Advance(clock, 9);
        Assert.Single(log.Written);
        Advance(clock, 1.5);
        Assert.Equal(2, log.Written.Count);
        sink.Report(ProgressEvent.Ended(2, 100));
        Advance(clock, 30);
        Assert.Equal(2, log.Written.Count); // all done: silent until training ends and the ticker is disposed
    }

    [Fact]
    public void A_run_whose_trials_all_come_from_the_cache_logs_no_progress()
    {
        var clock = new FakeTimeProvider();
        var sink = new BoardSink(clock);
        var log = new Lines();
        using var ticker = new LogTicker(sink, clock, log, TimeSpan.FromSeconds(10));
        sink.Planned("eos", total: 9, cached: 9, trialSteps: 0);
        Advance(clock, 25);
        Assert.Empty(log.Written);
    }
}
