module @bitwiseNot {
  func.func @main(%arg0: tensor<2x3xui8>) -> (tensor<2x3xui8>) {
    %0 = "stablehlo.not"(%arg0) : (tensor<2x3xui8>) -> tensor<2x3xui8>
    "func.return"(%0) : (tensor<2x3xui8>) -> ()
  }
}
