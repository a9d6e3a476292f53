using static TorchSharp.torch;
var x = ones(3, requires_grad: true);
var y = (x * x).sum();
y.backward();
Console.WriteLine(x.grad!.sum().item<float>());
