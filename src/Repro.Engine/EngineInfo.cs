namespace Repro.Engine;

public static class EngineInfo
{
    /// <summary>
    /// Part of every trial key. Bump it when the numbers the engine produces change on purpose;
    /// the snapshot tests catch a numeric change that forgot the bump. 2: square roots correctly rounded on every
    /// CPU (Numerics/PortableMath), angle_to_svm by atan2. 3: the logistic loss's softplus
    /// gives the same bits wherever a point sits in a batch (Numerics/PortableMath.Softplus).
    /// </summary>
    public const int Version = 3;
}
