namespace Repro.Tests;

// Test classes run in parallel, xunit's default. They once ran one at a time: TorchSharp (0.107) hands a Scalar's
// native handle to libtorch without keeping the managed Scalar alive, so a garbage collection triggered by
// another test's allocations could finalize (free) it mid-call ("toDouble: Expected false to be true" in a
// snapshot run). The engine now holds every Scalar it hands libtorch (src/Repro.Engine/Runtime/Held.cs;
// Engine/ScalarLifetimeTests.cs scans its IL and trains under forced collections).
//
// A class that reads or changes process-wide state (the live-tensor count, the process environment, the
// current directory, a shared folder) joins the collection below, which xunit runs by itself, after the
// parallel classes.

/// <summary>Tests that must not overlap any other test: xunit runs this collection alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWide
{
    public const string Name = "process-wide state";
}
