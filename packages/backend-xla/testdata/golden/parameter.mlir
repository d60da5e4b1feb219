module @parameter {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<i64>) -> (tensor<2x3xf32>, tensor<i64>) {
    "func.return"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<i64>) -> ()
  }
}
