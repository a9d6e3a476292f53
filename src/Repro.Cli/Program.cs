using Repro.Cli;
using Repro.Cli.Progress;

return await ReproApp.RunAsync(args, Console.Out, Console.Error, terminal: Terminal.OfStderr(Environment.GetEnvironmentVariable));
