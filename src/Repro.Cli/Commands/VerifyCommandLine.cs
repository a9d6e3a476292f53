using System.CommandLine;
using Repro.Cli.CommandLine;
using Repro.Core;

namespace Repro.Cli.Commands;

/// <summary>`repro verify [SPEC...]`: its arguments and options; the work is <see cref="VerifyCommand"/>'s.</summary>
public static class VerifyCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var specs = new Argument<string[]>("specs") { Description = "spec files or folders of specs (default: every spec under specs/)", Arity = ArgumentArity.ZeroOrMore };
        var junit = new Option<string?>("--junit") { Description = "also write the outcome as JUnit XML to this file" };
        var attributes = new Option<bool>("--junit-attributes")
        {
            Description = "also put file and line attributes on each JUnit testcase, as pytest and GitLab write them (outside Jenkins' strict junit-10.xsd)",
        };
        var retrain = new Option<bool>("--retrain") { Description = "train every spec even where its published results could be reused" };
        var verify = new Command("verify",
            "check every claim of the named specs (all by default), reusing published results that match; exit 1 when a claim fails, 3 when a spec could not run")
            { specs, shared.Results, junit, attributes, retrain, shared.Cache, shared.Json, shared.Quiet };
        verify.Validators.Add(result =>
        {
            if (result.GetValue(attributes) && result.GetValue(junit) is null)
                context.Reject(result, Fail.Usage("--junit-attributes changes the JUnit file, but no --junit FILE is given", "add `--junit FILE`, or leave out --junit-attributes"));
        });
        verify.SetAction((p, cancel) => context.Hosted<VerifyCommand>(p, command => command.ExecuteAsync(
            new VerifyOptions(p.GetValue(specs) ?? [], p.GetValue(shared.Results)!, p.GetValue(junit), p.GetValue(retrain), p.GetValue(shared.Cache)!,
            p.GetValue(attributes), p.GetValue(shared.Json)), cancel)));
        return verify;
    }
}
