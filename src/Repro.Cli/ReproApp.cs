using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Repro.Cli.Commands;
using Repro.Cli.Output;
using Repro.Cli.Pipeline;
using Repro.Cli.Query;
using Repro.Cli.Watch;
using Repro.Core;
using Repro.Core.Cache;
using Repro.Core.Plan;
using Repro.Core.Spec;
using Serilog;
using Serilog.Events;

namespace Repro.Cli;

/// <summary>
/// The command line: System.CommandLine parses, each command runs inside a Generic Host with Serilog
/// (logs to stderr; stdout carries results), and errors map to exit codes in one place.
/// </summary>
public static class ReproApp
{
    /// <param name="environment">the environment variables the commands see (tests pass their own); defaults to the process's</param>
    /// <param name="cancel">stops the command as Ctrl+C would (tests use it to end `watch`)</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null,
        CancellationToken cancel = default)
    {
        var console = new ConsoleOutput(stdout, environment ?? Environment.GetEnvironmentVariable, stderr);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        var spec = new Argument<string>("spec") { Description = "path of a YAML spec, e.g. specs/min-norm-regression.yaml" };
        var results = new Option<string>("--results") { Description = "folder that receives results/<spec name>/", DefaultValueFactory = _ => "results" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "log warnings and errors only" };
        var canonical = new Option<bool>("--canonical") { Description = "print the spec's canonical JSON (all defaults written out)" };

        var cache = new Option<string>("--cache") { Description = "trial cache folder (trials whose key is there are not trained again)", DefaultValueFactory = _ => TrialCache.DefaultRoot };
        var force = new Option<bool>("--force") { Description = "train every trial, even where the cache holds it" };
        var set = new Option<string[]>("--set") { Description = "override a spec value, validated like the file: --set optimizer.lr=0.05 --set seeds=[0,1]", AllowMultipleArgumentsPerToken = false };
        var jobs = new Option<int>("--jobs", "-j") { Description = "worker processes for the trials to train (default: the core count; each trial uses one thread)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = new Option<string?>("--shard") { Description = "train only part K of N of the trials into the cache and publish nothing (e.g. 2/4, for Slurm arrays or CI matrices); a later plain run publishes" };
        var run = new Command("run", "train the trials the cache lacks, publish results/<name>/ and check the claims") { spec, results, cache, force, set, jobs, shard, quiet };
        var specs = new Argument<string[]>("specs") { Description = "spec files or folders of specs (default: every spec under specs/)", Arity = ArgumentArity.ZeroOrMore };
        var junit = new Option<string?>("--junit") { Description = "also write the outcome as JUnit XML to this file" };
        var retrain = new Option<bool>("--retrain") { Description = "train every spec even where its published results could be reused" };
        var verify = new Command("verify", "check every claim of the named specs (all by default), reusing published results that match; exit 1 when a claim fails")
            { specs, results, junit, retrain, cache, quiet };
        var validate = new Command("validate", "check a spec without training (does not load libtorch)") { spec, canonical, set };
        var plan = new Command("plan", "list a spec's trials, their keys and whether the cache holds them; for the rest, what changed (trains nothing)") { spec, cache, set };
        plan.SetAction(p => Guarded(stderr, () => Task.FromResult(PlanCommand.Execute(p.GetValue(spec)!, p.GetValue(cache)!, p.GetValue(set) ?? [], stdout))).GetAwaiter().GetResult());

        run.SetAction((p, ct) =>
        {
            Shard? part = null;
            if (p.GetValue(shard) is { } text && (part = Shard.Parse(text)) is null)
                return Guarded(stderr, () => throw new SpecException(new SpecError(new Mark($"--shard {text}", 1, 9), $"shard '{text}' is not K/N with 1 <= K <= N", "write e.g. `--shard 2/4`")));
            if (p.GetValue(jobs) < 1)
                return Guarded(stderr, () => throw new SpecException(new SpecError(new Mark("--jobs", 1, 1), $"--jobs must be at least 1, got {p.GetValue(jobs)}", "write e.g. `--jobs 2`")));
            return Hosted<RunCommand>(p, quiet, console, stderr, c => c.ExecuteAsync(
                new RunOptions(p.GetValue(spec)!, p.GetValue(results)!, p.GetValue(cache)!, p.GetValue(force), p.GetValue(set) ?? [], p.GetValue(jobs), part), ct));
        });
        verify.SetAction((p, ct) => Hosted<VerifyCommand>(p, quiet, console, stderr, c => c.ExecuteAsync(
            new VerifyOptions(p.GetValue(specs) ?? [], p.GetValue(results)!, p.GetValue(junit), p.GetValue(retrain), p.GetValue(cache)!), ct)));
        validate.SetAction(p => Guarded(stderr, () => Task.FromResult(ValidateCommand.Execute(p.GetValue(spec)!, p.GetValue(canonical), p.GetValue(set) ?? [], stdout))).GetAwaiter().GetResult());

        var reportResults = new Option<string>("--results") { Description = "folder of published results; README.md and index.html are written there", DefaultValueFactory = _ => "results" };
        var reportSpecs = new Option<string>("--specs") { Description = "folder holding <name>.yaml for every published folder", DefaultValueFactory = _ => "specs" };
        var report = new Command("report", "write results/README.md and results/index.html from the published results (does not load libtorch)") { reportResults, reportSpecs };
        report.SetAction(p => Guarded(stderr, () => Task.FromResult(ReportCommand.Execute(p.GetValue(reportResults)!, p.GetValue(reportSpecs)!, stdout))).GetAwaiter().GetResult());

        var sql = new Argument<string?>("sql") { Description = "SQL (DuckDB), e.g. \"SELECT * FROM summary\"; one table per statement; see --list for the views", Arity = ArgumentArity.ZeroOrOne };
        var queryResults = new Option<string>("--results") { Description = "folder of published results", DefaultValueFactory = _ => "results" };
        var queryOut = new Option<string?>("--out") { Description = "write the result to FILE.csv (with a header) or FILE.parquet instead of printing a table" };
        var queryList = new Option<bool>("--list") { Description = "list the views (one per published table, and metrics, summary, references across specs)" };
        var query = new Command("query", "run SQL over the published Parquet files (DuckDB; does not load libtorch)") { sql, queryResults, queryOut, queryList };
        query.SetAction(p => Guarded(stderr, () => Task.FromResult(QueryCommand.Execute(
            p.GetValue(sql), p.GetValue(queryResults)!, p.GetValue(queryOut), p.GetValue(queryList), stdout))).GetAwaiter().GetResult());

        var schema = new Command("schema", "print the JSON Schema of the spec language (for editors: `# yaml-language-server: $schema=...`)");
        schema.SetAction(p =>
        {
            stdout.WriteLine(Canonical.Pretty(SpecSchema.Generate(Repro.Engine.Registry.Registries.Catalog)));
            return ExitCodes.Ok;
        });

        var target = new Argument<string>("target") { Description = "a spec file, or a folder of specs (default: specs)", DefaultValueFactory = _ => "specs" };
        var watch = new Command("watch", "rerun a spec (or any spec in a folder) whenever it is saved, reusing the trial cache; Ctrl+C stops")
            { target, results, cache, quiet };
        watch.SetAction((p, ct) =>
        {
            string what = p.GetValue(target)!;
            if (!File.Exists(what) && !Directory.Exists(what))
                return Guarded(stderr, () => throw new SpecException(new SpecError(Mark.StartOf(what), $"nothing to watch at {what}", "name a spec file or a folder of specs")));
            var options = new WatchOptions(what, p.GetValue(results)!, p.GetValue(cache)!, TimeSpan.FromMilliseconds(300));
            return Hosted<RunCommand>(p, quiet, console, stderr, _ => WatchCommand.ExecuteAsync(ct),
                services => services.AddSingleton(options).AddHostedService<WatchService>());
        });

        var doctorResults = new Option<string?>("--results") { Description = "published results (a folder of them, or one): say whether this machine is expected to regenerate their bytes" };
        var doctor = new Command("doctor", "print this machine's numerics fingerprint per op family (seconds, no training); with --results, whether it regenerates those bytes") { doctorResults };
        doctor.SetAction(p => Guarded(stderr, () => Task.FromResult(DoctorCommand.Execute(p.GetValue(doctorResults), stdout))).GetAwaiter().GetResult());

        var root = new RootCommand("repro: reproducible experiments on the implicit regularization of gradient descent") { run, plan, verify, validate, watch, report, query, schema, doctor };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) await stderr.WriteLineAsync($"repro: {error.Message}; see `repro --help`");
            return ExitCodes.BadInput;
        }
        // Ctrl+C (SIGINT) and SIGTERM cancel the command's token from the first instruction on: the commands do
        // their work synchronously, before System.CommandLine's own handler would be registered. A second signal
        // is not intercepted and ends the process at once (publishing is atomic, so that is still safe).
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null }, interrupt.Token);

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        }
    }

    static Task<int> Hosted<TCommand>(ParseResult parse, Option<bool> quiet, ConsoleOutput console, TextWriter stderr,
        Func<TCommand, Task<int>> execute, Action<IServiceCollection>? configure = null) where TCommand : class
    {
        return Guarded(stderr, async () =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Services.AddSerilog(config => config
                .MinimumLevel.Is(parse.GetValue(quiet) ? LogEventLevel.Warning : LogEventLevel.Information)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                    standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: CultureInfo.InvariantCulture));
            builder.Services.AddSingleton(console);
            builder.Services.AddSingleton<ExperimentRunner>();
            builder.Services.AddSingleton<Workers>();
            builder.Services.AddSingleton<TCommand>();
            configure?.Invoke(builder.Services);
            using var host = builder.Build();
            await host.StartAsync();
            try
            {
                return await execute(host.Services.GetRequiredService<TCommand>());
            }
            finally
            {
                await host.StopAsync();
            }
        });
    }

    /// <summary>The one place where failures become exit codes and one-line messages.</summary>
    static async Task<int> Guarded(TextWriter stderr, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (SpecException e)
        {
            foreach (var error in e.Errors) await stderr.WriteLineAsync(error.ToString());
            return ExitCodes.BadInput;
        }
        catch (QueryException e)
        {
            await stderr.WriteLineAsync($"repro: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (RunException e)
        {
            await stderr.WriteLineAsync($"repro: run failed: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("repro: interrupted; nothing was published");
            return ExitCodes.RunFailed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"repro: run failed: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (Exception e)
        {
            // A bug, not bad input: one line, and the stack only when asked for.
            await stderr.WriteLineAsync($"repro: run failed: {e.GetType().Name}: {e.Message} (set REPRO_DEBUG=1 for the stack trace)");
            if (Environment.GetEnvironmentVariable("REPRO_DEBUG") == "1") await stderr.WriteLineAsync(e.ToString());
            return ExitCodes.RunFailed;
        }
    }
}
