module @abs_uint {
  func.func @main(%arg0: tensor<4xui32>) -> (tensor<4xui32>) {
    "func.return"(%arg0) : (tensor<4xui32>) -> ()
  }
}
