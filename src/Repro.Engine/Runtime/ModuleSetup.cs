using System.Runtime.CompilerServices;

namespace Repro.Engine.Runtime;

static class ModuleSetup
{
    // Whoever loads the engine first (CLI, tests, tools) gets the pinned environment before libtorch.
#pragma warning disable CA2255 // deliberate: libtorch reads these variables once, when it loads
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.PinEnvironment();
#pragma warning restore CA2255
}
